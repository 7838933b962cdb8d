using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// What is left of one positive entry (same id). Redemptions consume lots soonest-expiring first; expiry zeroes
/// what is left once the lot's date passes. The entries never change; only a lot's remaining amount does.
/// </summary>
public sealed class LoyaltyLot
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public long Points { get; init; }

    public long Remaining { get; set; }

    public DateTime EarnedAt { get; init; }

    /// <summary>The first moment the lot is no longer valid (the start of the month after its last month); null: never.</summary>
    public DateTime? ExpiresAt { get; init; }
}

internal sealed class LoyaltyLotConfiguration : IEntityTypeConfiguration<LoyaltyLot>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<LoyaltyLot> lot)
    {
        lot.ToTable("loyalty_lots", t => t.HasCheckConstraint("ck_loyalty_lots_remaining", "remaining >= 0 AND remaining <= points"));
        lot.HasKey(l => l.Id);
        lot.Property(l => l.Id).ValueGeneratedNever();
        lot.HasOne<LoyaltyEntry>().WithOne().HasForeignKey<LoyaltyLot>(l => l.Id).OnDelete(DeleteBehavior.Restrict);
        lot.HasIndex(l => new { l.CustomerId, l.ExpiresAt }).HasFilter("remaining > 0");
        lot.HasIndex(l => l.ExpiresAt).HasFilter("remaining > 0");
    }
}
