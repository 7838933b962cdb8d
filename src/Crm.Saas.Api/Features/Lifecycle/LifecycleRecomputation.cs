using System.Linq.Expressions;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Rfm;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>
/// The nightly pass over one tenant: stages move with the passage of time (a customer who stops buying slides to
/// at_risk, lapsed, churned without any request touching them), then RFM scores are recomputed. Set-based: one
/// UPDATE per target stage with the thresholds computed here from <c>now</c>, the same rules as
/// <see cref="LifecycleRules.StageFor"/>; the changed customers' <c>stage.changed</c> events are batch-inserted.
/// One transaction per tenant, so a tenant's stages, events and scores move together.
/// </summary>
public sealed class LifecycleRecomputation(TenantDatabases databases, IOptions<LifecycleOptions> options, ILogger<LifecycleRecomputation> logger)
    : ITenantJob
{
    private const int Chunk = 500;

    public string Name => "lifecycle-recompute";

    public TimeSpan Interval => options.Value.RecomputeInterval;

    async Task ITenantJob.RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
    {
        var result = await RunForTenantAsync(tenant, now, cancellationToken);
        logger.LogInformation("Lifecycle recomputed for tenant {Tenant}: {Stages} stage changes, {Scores} RFM changes",
            tenant.Slug, result.StagesChanged, result.RfmScoresChanged);
    }

    public async Task<RecomputationResult> RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Open(tenant);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var thresholds = LifecycleThresholds.From(await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken));

        var stagesChanged = 0;
        foreach (var (stage, rule) in Rules(db.Purchases, thresholds, now))
        {
            stagesChanged += await MoveAsync(db, stage, rule, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var scored = await RfmScoring.RecomputeAsync(db, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RecomputationResult(stagesChanged, scored);
    }

    /// <summary>
    /// Which live customers belong in each stage at <paramref name="now"/>. Mutually exclusive (so the order of the
    /// updates does not matter), and exactly <see cref="LifecycleRules.StageFor"/> with the facts read from the rows.
    /// </summary>
    private static IEnumerable<(LifecycleStage Stage, Expression<Func<Customer, bool>> Rule)> Rules(
        IQueryable<Purchases.Purchase> purchases, LifecycleThresholds t, DateTime now)
    {
        var churnedBefore = now - t.ChurnedAfter;
        var lapsedBefore = now - t.LapsedAfter;
        var atRiskBefore = now - t.AtRiskAfter;
        var windowStart = now - LifecycleThresholds.LoyaltyWindow;
        var loyalMin = t.LoyalMinPurchases;

        yield return (LifecycleStage.Churned, c => c.LastPurchaseAt <= churnedBefore);
        yield return (LifecycleStage.Lapsed, c => c.LastPurchaseAt > churnedBefore && c.LastPurchaseAt <= lapsedBefore);
        yield return (LifecycleStage.AtRisk, c => c.LastPurchaseAt > lapsedBefore && c.LastPurchaseAt <= atRiskBefore);

        // Within the window: loyal on enough purchases since max(window start, last lapse); else won_back after a lapse; else active.
        yield return (LifecycleStage.Loyal, c => c.LastPurchaseAt > atRiskBefore
            && purchases.Count(p => p.CustomerId == c.Id && p.OccurredAt > windowStart && (c.LapsedAt == null || p.OccurredAt > c.LapsedAt)) >= loyalMin);
        yield return (LifecycleStage.WonBack, c => c.LastPurchaseAt > atRiskBefore
            && purchases.Count(p => p.CustomerId == c.Id && p.OccurredAt > windowStart && (c.LapsedAt == null || p.OccurredAt > c.LapsedAt)) < loyalMin
            && c.LapsedAt != null && c.LastPurchaseAt > c.LapsedAt);
        yield return (LifecycleStage.Active, c => c.LastPurchaseAt > atRiskBefore
            && purchases.Count(p => p.CustomerId == c.Id && p.OccurredAt > windowStart && (c.LapsedAt == null || p.OccurredAt > c.LapsedAt)) < loyalMin
            && !(c.LapsedAt != null && c.LastPurchaseAt > c.LapsedAt));
    }

    private static async Task<int> MoveAsync(
        TenantDbContext db, LifecycleStage stage, Expression<Func<Customer, bool>> rule, DateTime now, CancellationToken cancellationToken)
    {
        var candidates = db.Customers.Where(c => c.DeletedAt == null && c.LifecycleStage != stage).Where(rule);
        var changed = await candidates.Select(c => new { c.Id, c.LifecycleStage }).ToListAsync(cancellationToken);
        var stampsLapse = stage is LifecycleStage.Lapsed or LifecycleStage.Churned;
        foreach (var chunk in changed.Chunk(Chunk))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            await candidates.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(set =>
            {
                set.SetProperty(c => c.LifecycleStage, stage)
                    .SetProperty(c => c.Version, c => c.Version + 1)
                    .SetProperty(c => c.UpdatedAt, now);
                if (stampsLapse)
                {
                    // LifecycleRules.LapsedAtAfter, in SQL: stamp once per lapse.
                    set.SetProperty(c => c.LapsedAt, c => c.LapsedAt == null || c.LapsedAt < c.LastPurchaseAt ? (DateTime?)now : c.LapsedAt);
                }
            }, cancellationToken);
            foreach (var customer in chunk)
            {
                StageChanges.Record(db, customer.Id, customer.LifecycleStage, stage, now);
            }
        }

        return changed.Count;
    }
}

/// <summary>What one tenant's pass changed.</summary>
public sealed record RecomputationResult(int StagesChanged, int RfmScoresChanged);
