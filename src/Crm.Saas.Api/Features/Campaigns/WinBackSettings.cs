using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>The tenant's win-back policy: a single row (id 1); defaults (off) until an admin sets it.</summary>
public sealed class WinBackSettings
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public bool Enabled { get; set; }

    /// <summary>Days without a purchase before a customer is mailed; null follows the lifecycle settings' <c>lapseDays</c>.</summary>
    public int? LapseDays { get; set; }

    /// <summary>Days between two win-back mails to the same customer.</summary>
    public int CooldownDays { get; set; } = 60;

    /// <summary>Only customers who spent at least this much (minor units, net of refunds); null: no minimum.</summary>
    public long? MinLifetimeSpend { get; set; }

    /// <summary>Only customers in these RFM segments; empty: any segment.</summary>
    public List<RfmSegment> Segments { get; set; } = [];

    public int MaxPerRun { get; set; } = 500;

    /// <summary>The offer in the mail: a code and/or bonus points.</summary>
    public string? OfferCode { get; set; }

    public long? OfferPoints { get; set; }

    /// <summary>A purchase within this many days after the mail converts it.</summary>
    public int ConversionWindowDays { get; set; } = 30;

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>One daily win-back pass over a tenant: how many customers matched and got a mail queued.</summary>
public sealed class WinBackRun
{
    public Guid Id { get; init; }

    public DateTime StartedAt { get; init; }

    public int Selected { get; init; }
}

internal sealed class WinBackConfiguration : IEntityTypeConfiguration<WinBackSettings>, IEntityTypeConfiguration<WinBackRun>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<WinBackSettings> settings)
    {
        settings.ToTable("win_back_settings");
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.Version).IsConcurrencyToken();
        settings.Property(s => s.OfferCode).HasMaxLength(64);
        settings.Property(s => s.Segments).HasConversion(
                v => string.Join(',', v.Select(SnakeCaseEnumConverter<RfmSegment>.ToWord)),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(SnakeCaseEnumConverter<RfmSegment>.FromWord).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<RfmSegment>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
            .HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<WinBackRun> run)
    {
        run.ToTable("win_back_runs");
        run.HasKey(r => r.Id);
        run.HasIndex(r => r.StartedAt);
    }
}

internal static class WinBackSettingsQueries
{
    /// <summary>The stored policy, or the defaults (not stored) until an admin first sets it.</summary>
    public static async Task<WinBackSettings> CurrentAsync(Persistence.TenantDbContext db, CancellationToken cancellationToken) =>
        await db.Set<WinBackSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == WinBackSettings.SingletonId, cancellationToken)
        ?? new WinBackSettings();
}
