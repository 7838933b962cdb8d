namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>The programme's arithmetic as pure functions: points for a sale, a lot's expiry, a customer's tier.</summary>
public static class EarnRules
{
    /// <summary>How far back tiers look.</summary>
    public const int TierWindowMonths = 12;

    /// <summary>Points for <paramref name="amount"/> minor units at the tier's <paramref name="multiplier"/>, rounded once at the end.</summary>
    public static long PointsFor(long amount, LoyaltyProgram program, decimal multiplier)
    {
        if (amount <= 0 || program.UnitAmount <= 0)
        {
            return 0;
        }

        var exact = (decimal)amount * program.PointsPerUnit / program.UnitAmount * multiplier;
        var rounded = program.Rounding switch
        {
            PointsRounding.Up => decimal.Ceiling(exact),
            PointsRounding.Nearest => decimal.Round(exact, MidpointRounding.AwayFromZero),
            _ => decimal.Floor(exact),
        };
        return (long)Math.Min(rounded, LoyaltyLimits.MaxPoints);
    }

    /// <summary>Valid for <paramref name="months"/> months, to the end of the last one: the start of the month after it.</summary>
    public static DateTime? ExpiryFor(DateTime earnedAt, int months) =>
        months <= 0 ? null : new DateTime(earnedAt.Year, earnedAt.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(months + 1);

    /// <summary>The highest tier whose threshold <paramref name="qualifying"/> reaches, or null below the first.</summary>
    public static LoyaltyTier? TierFor(IReadOnlyList<LoyaltyTier> tiers, long qualifying) =>
        tiers.Where(t => t.Threshold <= qualifying).OrderByDescending(t => t.Threshold).FirstOrDefault();

    public static LoyaltyTier? NextTier(IReadOnlyList<LoyaltyTier> tiers, long qualifying) =>
        tiers.Where(t => t.Threshold > qualifying).OrderBy(t => t.Threshold).FirstOrDefault();

    /// <summary>The share of an earn that a refund takes back, cumulative so that a full refund reverses exactly all of it.</summary>
    public static long ReversalTarget(long earned, long purchaseAmount, long refundedAmount) =>
        purchaseAmount <= 0 ? 0 : (long)((decimal)earned * Math.Min(refundedAmount, purchaseAmount) / purchaseAmount);
}
