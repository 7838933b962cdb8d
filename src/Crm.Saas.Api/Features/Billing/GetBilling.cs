using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary><c>GET /v1/billing</c>: the plan in force, the subscription as Stripe reports it, and usage against every limit.</summary>
internal static class GetBilling
{
    public static async Task<BillingResponse> Handle(ITenantContextAccessor tenants, IEntitlements entitlements, StripeGateway stripe, CancellationToken cancellationToken)
    {
        var tenantId = tenants.Required.Id;
        var standing = await entitlements.StandingAsync(tenantId, cancellationToken);
        var limits = new Dictionary<string, LimitUsage>();
        foreach (var limit in PlanLimits.All)
        {
            limits[limit] = new LimitUsage(standing.Limit(limit), await entitlements.UsageAsync(tenantId, limit, cancellationToken));
        }

        return new BillingResponse(
            standing.EffectivePlan, standing.SubscribedPlan, standing.Status, standing.CurrentPeriodEnd, standing.CancelAtPeriodEnd,
            standing.GraceDeadline, standing.ReadOnly, standing.Warning, limits,
            [.. PlanFeatures.All.Where(standing.Has)], stripe.IsConfigured);
    }
}

/// <param name="Plan">The plan whose limits apply now (free when the subscription is canceled or unpaid).</param>
/// <param name="SubscribedPlan">The plan of the subscription (or trial), whatever its status.</param>
/// <param name="Status">Stripe's subscription status, <c>none</c> before any, or <c>trialing</c>/<c>trial_ended</c> for the sign-up trial.</param>
/// <param name="GraceDeadline">When payment failed: the moment writes stop until it succeeds.</param>
/// <param name="Limits">Each limit with its current usage (null where nothing meters it yet).</param>
/// <param name="PaymentsEnabled">False when this installation has no Stripe keys: checkout and portal answer 503.</param>
public sealed record BillingResponse(
    string Plan, string SubscribedPlan, string Status, DateTime? CurrentPeriodEnd, bool CancelAtPeriodEnd, DateTime? GraceDeadline,
    bool ReadOnly, string? Warning, IReadOnlyDictionary<string, LimitUsage> Limits, IReadOnlyList<string> Features, bool PaymentsEnabled);

public sealed record LimitUsage(int Limit, long? Usage);
