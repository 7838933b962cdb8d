namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>Sizes shared by the validators and the column definitions.</summary>
internal static class LoyaltyLimits
{
    /// <summary>A billion points in one entry: far above any real grant, far below overflow when summed.</summary>
    public const long MaxPoints = 1_000_000_000;
    public const int Reason = 500;
    public const int Reference = 100;
    public const int TierName = 50;
    public const int MaxTiers = 10;
    public const int MaxValidityMonths = 120;
}
