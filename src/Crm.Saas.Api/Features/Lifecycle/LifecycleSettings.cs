using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>The tenant's lifecycle rules: a single row (id 1) in the tenant's store; defaults until an admin sets them.</summary>
public sealed class LifecycleSettings
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>Days without a purchase after which a customer is lapsed (at two thirds: at risk; at twice: churned).</summary>
    public int LapseDays { get; set; } = 90;

    /// <summary>Purchases within the last 365 days that make a repeat buyer loyal.</summary>
    public int LoyalMinPurchases { get; set; } = 3;

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class LifecycleSettingsConfiguration : IEntityTypeConfiguration<LifecycleSettings>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<LifecycleSettings> settings)
    {
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.Version).IsConcurrencyToken();
    }
}
