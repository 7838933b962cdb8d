using Crm.Saas.Api.Features.Customers;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>The tenant's thresholds, in the units the rules use.</summary>
public sealed record LifecycleThresholds(int LapseDays, int LoyalMinPurchases)
{
    /// <summary>How far back purchases count towards loyalty.</summary>
    public static readonly TimeSpan LoyaltyWindow = TimeSpan.FromDays(365);

    public TimeSpan AtRiskAfter => TimeSpan.FromDays(LapseDays * 2.0 / 3.0);

    public TimeSpan LapsedAfter => TimeSpan.FromDays(LapseDays);

    public TimeSpan ChurnedAfter => TimeSpan.FromDays(LapseDays * 2.0);

    public static LifecycleThresholds From(LifecycleSettings settings) => new(settings.LapseDays, settings.LoyalMinPurchases);
}

/// <summary>
/// What the stage is derived from. <paramref name="RecentPurchases"/> counts purchases after <see cref="LifecycleRules.CountSince"/>:
/// within the loyalty window, and after the last lapse, so a won-back customer earns loyalty afresh.
/// </summary>
public readonly record struct LifecycleFacts(DateTime? LastPurchaseAt, int RecentPurchases, DateTime? LapsedAt);

/// <summary>
/// The lifecycle stage as a pure function of the purchase history, the settings and the time. Time decides first
/// (churned ≥ 2×lapse, lapsed ≥ lapse, at_risk ≥ ⅔ lapse since the last purchase); within the window a customer is
/// loyal with enough recent purchases, won_back after buying again since lapsing, otherwise active. The nightly
/// recomputation (<see cref="LifecycleRecomputation"/>) states the same rules in SQL; the table test holds both to them.
/// </summary>
public static class LifecycleRules
{
    public static LifecycleStage StageFor(LifecycleFacts facts, LifecycleThresholds thresholds, DateTime now)
    {
        if (facts.LastPurchaseAt is not { } last)
        {
            return LifecycleStage.Prospect;
        }

        var since = now - last;
        if (since >= thresholds.ChurnedAfter)
        {
            return LifecycleStage.Churned;
        }

        if (since >= thresholds.LapsedAfter)
        {
            return LifecycleStage.Lapsed;
        }

        if (since >= thresholds.AtRiskAfter)
        {
            return LifecycleStage.AtRisk;
        }

        if (facts.RecentPurchases >= thresholds.LoyalMinPurchases)
        {
            return LifecycleStage.Loyal;
        }

        return IsWinBack(facts.LapsedAt, last) ? LifecycleStage.WonBack : LifecycleStage.Active;
    }

    /// <summary>A purchase after the customer lapsed (or churned) is a win-back.</summary>
    public static bool IsWinBack(DateTime? lapsedAt, DateTime lastPurchaseAt) => lapsedAt is { } lapsed && lastPurchaseAt > lapsed;

    /// <summary>
    /// Entering lapsed or churned stamps the moment of lapsing, once per lapse: a customer who goes on from lapsed to
    /// churned keeps the first stamp, and one who lapses again after a win-back gets a new one.
    /// </summary>
    public static DateTime? LapsedAtAfter(LifecycleStage stage, DateTime? lapsedAt, DateTime? lastPurchaseAt, DateTime now) =>
        stage is LifecycleStage.Lapsed or LifecycleStage.Churned && (lapsedAt is null || lapsedAt < lastPurchaseAt) ? now : lapsedAt;

    /// <summary>Purchases after this moment count towards loyalty.</summary>
    public static DateTime CountSince(DateTime? lapsedAt, DateTime now)
    {
        var windowStart = now - LifecycleThresholds.LoyaltyWindow;
        return lapsedAt is { } lapsed && lapsed > windowStart ? lapsed : windowStart;
    }
}
