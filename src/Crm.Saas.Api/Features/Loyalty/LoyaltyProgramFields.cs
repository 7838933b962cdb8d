using System.Text.Json.Serialization;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>The programme as an admin writes it with PUT: every field, replacing the previous settings.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record LoyaltyProgramFields
{
    /// <example>true</example>
    public bool? Enabled { get; init; }

    /// <summary>Points for every unitAmount minor units spent.</summary>
    /// <example>1</example>
    public int? PointsPerUnit { get; init; }

    /// <example>100</example>
    public long? UnitAmount { get; init; }

    /// <summary>down, nearest or up; applied once, after the tier multiplier.</summary>
    /// <example>down</example>
    public PointsRounding? Rounding { get; init; }

    /// <example>100</example>
    public long? FirstPurchaseBonus { get; init; }

    /// <example>50</example>
    public long? BirthdayBonus { get; init; }

    /// <summary>Months points stay valid, to the end of the last month; 0 for never.</summary>
    /// <example>24</example>
    public int? ValidityMonths { get; init; }

    /// <example>100</example>
    public long? MinimumRedemption { get; init; }

    /// <summary>points (earned over the rolling 12 months) or spend (minor units over the rolling 12 months).</summary>
    /// <example>points</example>
    public TierBasis? TierBasis { get; init; }

    public IReadOnlyList<TierFields>? Tiers { get; init; }

    public static LoyaltyProgramFields From(LoyaltyProgram p) => new()
    {
        Enabled = p.Enabled, PointsPerUnit = p.PointsPerUnit, UnitAmount = p.UnitAmount, Rounding = p.Rounding,
        FirstPurchaseBonus = p.FirstPurchaseBonus, BirthdayBonus = p.BirthdayBonus, ValidityMonths = p.ValidityMonths,
        MinimumRedemption = p.MinimumRedemption, TierBasis = p.TierBasis,
        Tiers = p.Tiers.OrderBy(t => t.Threshold).Select(t => new TierFields { Name = t.Name, Threshold = t.Threshold, Multiplier = Normalized(t.Multiplier) }).ToList(),
    };

    /// <summary>2.0 and 2 are the same multiplier; SQLite's JSON keeps the scale, so answers drop trailing zeros on every provider.</summary>
    private static decimal Normalized(decimal value) => value / 1.0000000000000000000000000000m;

    public void ApplyTo(LoyaltyProgram p)
    {
        p.Enabled = Enabled!.Value;
        p.PointsPerUnit = PointsPerUnit!.Value;
        p.UnitAmount = UnitAmount!.Value;
        p.Rounding = Rounding!.Value;
        p.FirstPurchaseBonus = FirstPurchaseBonus!.Value;
        p.BirthdayBonus = BirthdayBonus!.Value;
        p.ValidityMonths = ValidityMonths!.Value;
        p.MinimumRedemption = MinimumRedemption!.Value;
        p.TierBasis = TierBasis!.Value;
        p.Tiers = (Tiers ?? []).OrderBy(t => t.Threshold)
            .Select(t => new LoyaltyTier { Name = t.Name!.Trim(), Threshold = t.Threshold!.Value, Multiplier = t.Multiplier!.Value }).ToList();
    }
}

[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record TierFields
{
    /// <example>Gold</example>
    public string? Name { get; init; }

    /// <summary>Points earned (or minor units spent) over the rolling 12 months to reach the tier.</summary>
    /// <example>1000</example>
    public long? Threshold { get; init; }

    /// <summary>Earn multiplier, 1 to 10 with up to two decimals.</summary>
    /// <example>1.5</example>
    public decimal? Multiplier { get; init; }
}

internal sealed class LoyaltyProgramFieldsValidator : AbstractValidator<LoyaltyProgramFields>
{
    public LoyaltyProgramFieldsValidator()
    {
        RuleFor(p => p.Enabled).NotNull();
        RuleFor(p => p.PointsPerUnit).NotNull().InclusiveBetween(0, 1000).WithMessage("Must be a whole number from 0 to 1000.");
        RuleFor(p => p.UnitAmount).NotNull().InclusiveBetween(1, 1_000_000).WithMessage("Must be a whole number of minor units from 1 to 1000000.");
        RuleFor(p => p.Rounding).NotNull();
        RuleFor(p => p.FirstPurchaseBonus).NotNull().InclusiveBetween(0, 1_000_000).WithMessage("Must be a whole number of points from 0 to 1000000.");
        RuleFor(p => p.BirthdayBonus).NotNull().InclusiveBetween(0, 1_000_000).WithMessage("Must be a whole number of points from 0 to 1000000.");
        RuleFor(p => p.ValidityMonths).NotNull().InclusiveBetween(0, LoyaltyLimits.MaxValidityMonths)
            .WithMessage($"Must be a whole number of months from 0 (never expire) to {LoyaltyLimits.MaxValidityMonths}.");
        RuleFor(p => p.MinimumRedemption).NotNull().InclusiveBetween(1, 1_000_000).WithMessage("Must be a whole number of points from 1 to 1000000.");
        RuleFor(p => p.TierBasis).NotNull();
        RuleFor(p => p.Tiers).Must(t => t is null || t.Count <= LoyaltyLimits.MaxTiers).WithMessage($"At most {LoyaltyLimits.MaxTiers} tiers.")
            .Must(t => t is null || t.Where(x => x?.Name is not null).Select(x => x.Name!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == t.Count)
            .WithMessage("Tier names must be unique.")
            .Must(t => t is null || t.Where(x => x?.Threshold is not null).Select(x => x.Threshold).Distinct().Count() == t.Count)
            .WithMessage("Tier thresholds must be unique.");
        RuleForEach(p => p.Tiers).NotNull().ChildRules(tier =>
        {
            tier.RuleFor(t => t.Name).NotEmpty().PlainText(LoyaltyLimits.TierName);
            tier.RuleFor(t => t.Threshold).NotNull().InclusiveBetween(1, 1_000_000_000_000).WithMessage("Must be a whole number from 1 to 1000000000000.");
            tier.RuleFor(t => t.Multiplier).NotNull().InclusiveBetween(1m, 10m)
                .Must(m => m is null || decimal.Round(m.Value, 2) == m.Value).WithMessage("Must be from 1 to 10 with at most two decimals.");
        });
    }
}

/// <summary>The programme as the API shows it; <c>updatedAt</c> is null while it is the defaults.</summary>
public sealed record LoyaltyProgramResponse(
    bool Enabled, int PointsPerUnit, long UnitAmount, PointsRounding Rounding, long FirstPurchaseBonus, long BirthdayBonus,
    int ValidityMonths, long MinimumRedemption, TierBasis TierBasis, IReadOnlyList<TierFields> Tiers, DateTime? UpdatedAt)
{
    public static LoyaltyProgramResponse From(LoyaltyProgram p) =>
        new(p.Enabled, p.PointsPerUnit, p.UnitAmount, p.Rounding, p.FirstPurchaseBonus, p.BirthdayBonus, p.ValidityMonths,
            p.MinimumRedemption, p.TierBasis, LoyaltyProgramFields.From(p).Tiers!, p.UpdatedAt == default ? null : p.UpdatedAt);
}
