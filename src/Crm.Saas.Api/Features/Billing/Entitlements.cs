using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// The one place every feature asks what a tenant's plan allows: limits, features and write access. Effective plan:
/// <c>canceled</c>/<c>unpaid</c> fall back to free limits; <c>past_due</c> keeps the plan until the grace deadline,
/// then the tenant is read-only.
/// </summary>
public interface IEntitlements
{
    Task<BillingStanding> StandingAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>403 <c>plan-limit-reached</c> when <paramref name="adding"/> more would exceed the plan's limit, else null.</summary>
    Task<ProblemHttpResult?> RefuseOverLimitAsync(Guid tenantId, string limit, int adding, CancellationToken cancellationToken);

    /// <summary>403 <c>feature-not-in-plan</c> when the plan lacks <paramref name="feature"/>, else null.</summary>
    Task<ProblemHttpResult?> RefuseWithoutFeatureAsync(Guid tenantId, string feature, CancellationToken cancellationToken);

    /// <summary>Current usage of a limit, or null when no feature meters it yet.</summary>
    Task<long?> UsageAsync(Guid tenantId, string limit, CancellationToken cancellationToken);
}

internal sealed class Entitlements(BillingSnapshots snapshots, IEnumerable<IUsageMeter> meters) : IEntitlements
{
    public Task<BillingStanding> StandingAsync(Guid tenantId, CancellationToken cancellationToken) => snapshots.StandingAsync(tenantId, cancellationToken);

    public async Task<ProblemHttpResult?> RefuseOverLimitAsync(Guid tenantId, string limit, int adding, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(tenantId, cancellationToken);
        var allowed = standing.Limit(limit);
        var usage = await UsageAsync(tenantId, limit, cancellationToken) ?? 0;
        return usage + adding > allowed ? BillingProblems.LimitReached(limit, allowed, usage, standing.EffectivePlan) : null;
    }

    public async Task<ProblemHttpResult?> RefuseWithoutFeatureAsync(Guid tenantId, string feature, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(tenantId, cancellationToken);
        return standing.Has(feature) ? null : BillingProblems.NotInPlan(feature, standing.EffectivePlan);
    }

    public async Task<long?> UsageAsync(Guid tenantId, string limit, CancellationToken cancellationToken) =>
        meters.FirstOrDefault(m => m.Limit == limit) is { } meter ? await meter.CountAsync(tenantId, cancellationToken) : null;
}
