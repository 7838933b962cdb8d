namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Bound from <c>Billing</c>. The plan catalogue has built-in defaults (see <see cref="PlanCatalogue.Defaults"/>), so the
/// embedded default runs with no configuration; <c>Billing:Plans:&lt;plan&gt;:…</c> overrides any of their values.
/// </summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>The plans by name (<c>free</c>, <c>starter</c>, <c>pro</c>…). Names are case-insensitive.</summary>
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The plan a new tenant starts on: <c>free</c>, or a paid plan as a trial of <see cref="TrialDays"/> days.</summary>
    public string NewTenantPlan { get; set; } = PlanCatalogue.Free;

    /// <summary>Length of the trial when <see cref="NewTenantPlan"/> is a paid plan; after it, <c>free</c> until the tenant pays.</summary>
    public int TrialDays { get; set; } = 14;

    /// <summary>How long a <c>past_due</c> tenant keeps full service before its writes are refused (402).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where Stripe Checkout sends the admin back to.</summary>
    public string CheckoutSuccessUrl { get; set; } = "https://app.crm-saas.dev/billing?checkout=success";

    public string CheckoutCancelUrl { get; set; } = "https://app.crm-saas.dev/billing?checkout=canceled";

    public string PortalReturnUrl { get; set; } = "https://app.crm-saas.dev/billing";
}

/// <summary>One plan: its Stripe price (by lookup key, so prices can be replaced in Stripe without a deploy), limits and features.</summary>
public sealed class PlanOptions
{
    /// <summary>The lookup key of the plan's recurring price in Stripe; none for <c>free</c>.</summary>
    public string? StripePriceLookupKey { get; set; }

    public PlanLimitOptions Limits { get; set; } = new();

    /// <summary>Feature name → included. A dictionary so that configuration can switch one feature on or off.</summary>
    public Dictionary<string, bool> Features { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class PlanLimitOptions
{
    public int Customers { get; set; }

    /// <summary>Seats: members plus pending invitations.</summary>
    public int Users { get; set; }

    /// <summary>Live (not revoked, not expired) API keys.</summary>
    public int ApiKeys { get; set; }

    public int MailsPerMonth { get; set; }

    /// <summary>API requests per minute for the whole tenant (the configured <c>RateLimits</c> stay an upper bound).</summary>
    public int RequestsPerMinute { get; set; }

    public int Of(string limit) => limit switch
    {
        PlanLimits.Customers => Customers,
        PlanLimits.Users => Users,
        PlanLimits.ApiKeys => ApiKeys,
        PlanLimits.MailsPerMonth => MailsPerMonth,
        PlanLimits.RequestsPerMinute => RequestsPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown plan limit."),
    };
}

/// <summary>The names of the limits, as they appear in problems and in <c>GET /v1/billing</c>.</summary>
public static class PlanLimits
{
    public const string Customers = "customers";
    public const string Users = "users";
    public const string ApiKeys = "apiKeys";
    public const string MailsPerMonth = "mailsPerMonth";
    public const string RequestsPerMinute = "requestsPerMinute";

    public static readonly IReadOnlyList<string> All = [Customers, Users, ApiKeys, MailsPerMonth, RequestsPerMinute];
}

/// <summary>The names of plan features. Gate an endpoint with <c>.RequireFeature(PlanFeatures.WinBack)</c>.</summary>
public static class PlanFeatures
{
    public const string WinBack = "winBack";
    public const string PartnerApiKeys = "partnerApiKeys";
    public const string ComplaintSla = "complaintSla";
    public const string Surveys = "surveys";

    public static readonly IReadOnlyList<string> All = [WinBack, PartnerApiKeys, ComplaintSla, Surveys];
}
