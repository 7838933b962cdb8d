namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// What a tenant's billing row says, frozen for caching: enough to decide its effective plan and write access at
/// any moment without a database round trip.
/// </summary>
public sealed record BillingSnapshot(
    Guid TenantId, string Plan, string? Status, DateTime? CurrentPeriodEnd, bool CancelAtPeriodEnd, DateTime? GraceDeadline,
    DateTime? TrialEnd, bool HasStripeCustomer);

/// <summary>The tenant's billing as it applies at one moment: the plan whose limits hold, and whether it may write.</summary>
public sealed record BillingStanding(
    string SubscribedPlan, string EffectivePlan, PlanOptions Limits, string Status, DateTime? CurrentPeriodEnd, bool CancelAtPeriodEnd,
    DateTime? GraceDeadline, bool ReadOnly, string? Warning)
{
    public static BillingStanding Of(BillingSnapshot snapshot, PlanCatalogue plans, DateTime now)
    {
        var subscribed = plans.Find(snapshot.Plan) is null ? PlanCatalogue.Free : snapshot.Plan;
        var (status, paying) = snapshot.Status switch
        {
            null when snapshot.TrialEnd is { } end => end > now ? ("trialing", true) : ("trial_ended", false),
            null => ("none", subscribed == PlanCatalogue.Free),
            "active" or "trialing" or "past_due" => (snapshot.Status, true),
            _ => (snapshot.Status, false), // canceled, unpaid, incomplete, incomplete_expired, paused: free limits, nothing deleted
        };
        var effective = paying ? subscribed : PlanCatalogue.Free;
        var readOnly = status == "past_due" && snapshot.GraceDeadline is { } deadline && now >= deadline;
        var warning = status switch
        {
            "past_due" when readOnly => "Payment failed and the grace period is over: the account is read-only until the payment succeeds.",
            "past_due" => $"Payment failed. Update the payment method before {snapshot.GraceDeadline:O}, or the account becomes read-only.",
            "unpaid" or "canceled" or "incomplete_expired" or "trial_ended" => "No paid plan is active: free limits apply. Nothing was deleted.",
            _ when snapshot.CancelAtPeriodEnd => $"The subscription ends at {snapshot.CurrentPeriodEnd:O}; free limits apply after it.",
            _ => null,
        };
        return new BillingStanding(subscribed, effective, plans.Plans[effective], status, snapshot.CurrentPeriodEnd ?? snapshot.TrialEnd,
            snapshot.CancelAtPeriodEnd, status == "past_due" ? snapshot.GraceDeadline : null, readOnly, warning);
    }

    public int Limit(string limit) => Limits.Limits.Of(limit);

    public bool Has(string feature) => Limits.Features.TryGetValue(feature, out var included) && included;
}
