using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The tenant's reward programme: a single row (id 1); the defaults (programme off) until an admin sets it.
/// Changing it never rewrites the ledger: new rules apply to what is earned from then on.
/// </summary>
public sealed class LoyaltyProgram
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>Off by default: a business opts in. Off stops automatic earning and bonuses; points already held stay usable.</summary>
    public bool Enabled { get; set; }

    /// <summary>Points for every <see cref="UnitAmount"/> minor units spent (1 point per 100 cents by default).</summary>
    public int PointsPerUnit { get; set; } = 1;

    public long UnitAmount { get; set; } = 100;

    public PointsRounding Rounding { get; set; } = PointsRounding.Down;

    public long FirstPurchaseBonus { get; set; }

    public long BirthdayBonus { get; set; }

    /// <summary>Months a lot stays valid; it expires at the end of the last month. 0: points never expire.</summary>
    public int ValidityMonths { get; set; } = 24;

    public long MinimumRedemption { get; set; } = 1;

    public TierBasis TierBasis { get; set; } = TierBasis.Points;

    /// <summary>Ascending thresholds; a customer below the first has no tier (multiplier 1).</summary>
    public List<LoyaltyTier> Tiers { get; set; } = [];

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>A tier: reached with <see cref="Threshold"/> points earned (or minor units spent) over the rolling 12 months.</summary>
public sealed class LoyaltyTier
{
    public required string Name { get; set; }

    public long Threshold { get; set; }

    /// <summary>Applied to earned points (not to bonuses, awards or goodwill).</summary>
    public decimal Multiplier { get; set; } = 1m;
}

public enum PointsRounding
{
    Down,
    Nearest,
    Up,
}

public enum TierBasis
{
    /// <summary>Points earned from purchases and bonuses, net of reversals.</summary>
    Points,

    /// <summary>Minor units spent, net of refunds.</summary>
    Spend,
}

internal sealed class LoyaltyProgramConfiguration : IEntityTypeConfiguration<LoyaltyProgram>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<LoyaltyProgram> program)
    {
        program.ToTable("loyalty_programs");
        program.HasKey(p => p.Id);
        program.Property(p => p.Id).ValueGeneratedNever();
        program.Property(p => p.Version).IsConcurrencyToken();
        program.Property(p => p.Rounding).HasConversion<SnakeCaseEnumConverter<PointsRounding>>().HasMaxLength(20);
        program.Property(p => p.TierBasis).HasConversion<SnakeCaseEnumConverter<TierBasis>>().HasMaxLength(20);
        program.OwnsMany(p => p.Tiers, tier =>
        {
            tier.ToJson();
            tier.Property(t => t.Name).HasMaxLength(LoyaltyLimits.TierName);
        });
    }
}
