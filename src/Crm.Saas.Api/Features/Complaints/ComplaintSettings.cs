using System.Text.Json;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The tenant's complaint rules (SLA policy, business hours, reopen window, survey timing): one row (id 1) holding
/// the settings document as JSON, so a new setting needs no migration. Defaults until an admin stores them.
/// </summary>
public sealed class ComplaintSettings
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>The <see cref="ComplaintSettingsDocument"/> as JSON.</summary>
    public string Document { get; set; } = "{}";

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;

    internal static readonly JsonSerializerOptions Json = JsonOptions();

    public ComplaintSettingsDocument Read() =>
        Document == "{}" ? ComplaintSettingsDocument.Defaults : JsonSerializer.Deserialize<ComplaintSettingsDocument>(Document, Json) ?? ComplaintSettingsDocument.Defaults;

    public void Write(ComplaintSettingsDocument document) => Document = JsonSerializer.Serialize(document, Json);

    private static JsonSerializerOptions JsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        CrmHost.Configure(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip; // read old documents leniently
        return options;
    }
}

internal sealed class ComplaintSettingsConfiguration : IEntityTypeConfiguration<ComplaintSettings>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<ComplaintSettings> settings)
    {
        settings.ToTable("complaint_settings");
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.Document).HasMaxLength(20_000);
        settings.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal static class ComplaintSettingsQueries
{
    public static async Task<ComplaintSettings> CurrentAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        await db.Set<ComplaintSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == ComplaintSettings.SingletonId, cancellationToken)
        ?? new ComplaintSettings();

    public static async Task<ComplaintRules> RulesAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        ComplaintRules.From((await CurrentAsync(db, cancellationToken)).Read());
}
