using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Features.Rfm;

namespace Crm.Saas.Api.Tests.Lifecycle;

/// <summary>The stage and segment rules as tables: the behaviour a business owner reads in docs/api-guide.md.</summary>
public sealed class LifecycleRulesTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly LifecycleThresholds Defaults = new(LapseDays: 90, LoyalMinPurchases: 3);

    [Theory]
    //          days since last purchase (null: never), recent purchases, days since lapse (null: never lapsed), expected
    [InlineData(null, 0, null, LifecycleStage.Prospect)]
    [InlineData(0.0, 1, null, LifecycleStage.Active)]
    [InlineData(59.9, 2, null, LifecycleStage.Active)]
    [InlineData(10.0, 3, null, LifecycleStage.Loyal)]
    [InlineData(59.9, 5, null, LifecycleStage.Loyal)]
    [InlineData(60.0, 5, null, LifecycleStage.AtRisk)] // two thirds of 90 days, however loyal
    [InlineData(89.9, 1, null, LifecycleStage.AtRisk)]
    [InlineData(90.0, 1, null, LifecycleStage.Lapsed)]
    [InlineData(179.9, 9, null, LifecycleStage.Lapsed)]
    [InlineData(180.0, 1, null, LifecycleStage.Churned)] // twice the lapse window
    [InlineData(1.0, 1, 5.0, LifecycleStage.WonBack)] // bought after lapsing
    [InlineData(1.0, 2, 30.0, LifecycleStage.WonBack)]
    [InlineData(1.0, 3, 30.0, LifecycleStage.Loyal)] // loyal again with enough purchases since the lapse
    [InlineData(61.0, 1, 70.0, LifecycleStage.AtRisk)] // a won-back customer can slide again
    [InlineData(5.0, 1, 1.0, LifecycleStage.Active)] // lapse stamped after the last purchase: no win-back yet
    public void Stage_follows_from_history_settings_and_time(double? daysSinceLastPurchase, int recentPurchases, double? daysSinceLapse, LifecycleStage expected)
    {
        var facts = new LifecycleFacts(
            daysSinceLastPurchase is { } d ? Now.AddDays(-d) : null,
            recentPurchases,
            daysSinceLapse is { } l ? Now.AddDays(-l) : null);

        Assert.Equal(expected, LifecycleRules.StageFor(facts, Defaults, Now));
    }

    [Fact]
    public void Thresholds_follow_the_tenants_lapse_window()
    {
        var shortWindow = new LifecycleThresholds(LapseDays: 30, LoyalMinPurchases: 2);
        Assert.Equal(LifecycleStage.AtRisk, LifecycleRules.StageFor(new LifecycleFacts(Now.AddDays(-20), 1, null), shortWindow, Now));
        Assert.Equal(LifecycleStage.Churned, LifecycleRules.StageFor(new LifecycleFacts(Now.AddDays(-60), 1, null), shortWindow, Now));
        Assert.Equal(LifecycleStage.Loyal, LifecycleRules.StageFor(new LifecycleFacts(Now.AddDays(-1), 2, null), shortWindow, Now));
    }

    [Fact]
    public void A_lapse_is_stamped_once_and_again_only_after_a_win_back()
    {
        var lastPurchase = Now.AddDays(-100);
        Assert.Equal(Now, LifecycleRules.LapsedAtAfter(LifecycleStage.Lapsed, null, lastPurchase, Now));
        var stamped = Now.AddDays(-9);
        Assert.Equal(stamped, LifecycleRules.LapsedAtAfter(LifecycleStage.Churned, stamped, lastPurchase, Now));
        Assert.Equal(Now, LifecycleRules.LapsedAtAfter(LifecycleStage.Lapsed, Now.AddDays(-200), lastPurchase, Now));
        Assert.Equal(stamped, LifecycleRules.LapsedAtAfter(LifecycleStage.Active, stamped, Now, Now));
    }

    [Fact]
    public void Loyalty_counts_from_the_later_of_a_year_ago_and_the_last_lapse()
    {
        Assert.Equal(Now.AddDays(-365), LifecycleRules.CountSince(null, Now));
        Assert.Equal(Now.AddDays(-365), LifecycleRules.CountSince(Now.AddDays(-400), Now));
        Assert.Equal(Now.AddDays(-20), LifecycleRules.CountSince(Now.AddDays(-20), Now));
    }

    [Theory]
    [InlineData(5, 5, 5, RfmSegment.Champions)]
    [InlineData(4, 4, 1, RfmSegment.Champions)]
    [InlineData(2, 5, 4, RfmSegment.CantLose)]
    [InlineData(1, 4, 5, RfmSegment.CantLose)]
    [InlineData(2, 4, 3, RfmSegment.AtRisk)]
    [InlineData(1, 3, 1, RfmSegment.AtRisk)]
    [InlineData(3, 4, 1, RfmSegment.Loyal)]
    [InlineData(3, 5, 5, RfmSegment.Loyal)]
    [InlineData(5, 1, 1, RfmSegment.Potential)]
    [InlineData(4, 3, 2, RfmSegment.Potential)]
    [InlineData(3, 3, 3, RfmSegment.NeedsAttention)]
    [InlineData(3, 1, 5, RfmSegment.NeedsAttention)]
    [InlineData(2, 2, 5, RfmSegment.Hibernating)]
    [InlineData(2, 1, 1, RfmSegment.Hibernating)]
    [InlineData(1, 2, 5, RfmSegment.Lost)]
    [InlineData(1, 1, 1, RfmSegment.Lost)]
    public void Segment_follows_the_rfm_table(int recency, int frequency, int monetary, RfmSegment expected) =>
        Assert.Equal(expected, RfmSegments.For(recency, frequency, monetary));

    [Fact]
    public void Every_segment_is_reachable_and_named_in_the_sql()
    {
        // The SQL CASE is generated from the same rule table (RfmTests runs it); every segment must be reachable.
        var sql = RfmSegments.SqlCase("r", "f", "m");
        foreach (var segment in Enum.GetValues<RfmSegment>())
        {
            Assert.Contains($"'{Persistence.SnakeCaseEnumConverter<RfmSegment>.ToWord(segment)}'", sql, StringComparison.Ordinal);
        }

        var all = from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) from m in Enumerable.Range(1, 5) select RfmSegments.For(r, f, m);
        Assert.Equal(Enum.GetValues<RfmSegment>().Order(), all.Distinct().Order());
    }
}
