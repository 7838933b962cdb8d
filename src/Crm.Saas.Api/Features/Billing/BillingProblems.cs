using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>The billing problems partners and the web client branch on.</summary>
public static class BillingProblems
{
    public const string PlanLimitReached = ProblemTypes.Base + "plan-limit-reached";
    public const string FeatureNotInPlan = ProblemTypes.Base + "feature-not-in-plan";
    public const string PaymentRequired = ProblemTypes.Base + "payment-required";
    public const string UnknownPlan = ProblemTypes.Base + "unknown-plan";
    public const string BillingNotConfigured = ProblemTypes.Base + "billing-not-configured";
    public const string PaymentProviderUnavailable = ProblemTypes.Base + "payment-provider-unavailable";
    public const string AlreadySubscribed = ProblemTypes.Base + "already-subscribed";
    public const string InvalidSignature = ProblemTypes.Base + "invalid-webhook-signature";
    public const string TemporarilyUnavailable = ProblemTypes.Base + "temporarily-unavailable";

    public static ProblemHttpResult LimitReached(string limit, int allowed, long usage, string plan) =>
        ApiProblems.Problem(403, PlanLimitReached, "Plan limit reached",
            $"The {plan} plan allows {allowed} {limit}; {usage} are in use. Upgrade the plan or remove some first.",
            new Dictionary<string, object?> { ["limitName"] = limit, ["limit"] = allowed, ["usage"] = usage, ["plan"] = plan });

    public static ProblemHttpResult NotInPlan(string feature, string plan) =>
        ApiProblems.Problem(403, FeatureNotInPlan, "Feature not in plan", $"The {plan} plan does not include {feature}. Upgrade the plan to use it.",
            new Dictionary<string, object?> { ["feature"] = feature, ["plan"] = plan });

    public static ProblemHttpResult ReadOnly(DateTime? graceDeadline) =>
        ApiProblems.Problem(402, PaymentRequired, "Payment required",
            "The last payment failed and the grace period is over: the account is read-only. Reads and exports still work; pay through POST /v1/billing/portal to write again.",
            new Dictionary<string, object?> { ["graceDeadline"] = graceDeadline });

    public static ProblemHttpResult NotConfigured(string what) =>
        ApiProblems.Problem(503, BillingNotConfigured, "Billing not configured",
            $"Payments are not set up on this installation ({what} is missing). Plans and limits still apply.");

    public static ProblemHttpResult ProviderUnavailable() =>
        ApiProblems.Problem(502, PaymentProviderUnavailable, "Payment provider unavailable",
            "Stripe did not answer successfully, even after retries. Nothing was changed; try again in a moment.");
}
