using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>The plans on offer: built-in defaults overlaid with configuration.</summary>
public sealed class PlanCatalogue
{
    public const string Free = "free";
    public const string Starter = "starter";
    public const string Pro = "pro";

    public PlanCatalogue(IOptions<BillingOptions> options)
    {
        var configured = options.Value;
        Plans = configured.Plans;
        NewTenantPlan = configured.NewTenantPlan.ToLowerInvariant();
        if (!Plans.ContainsKey(Free))
        {
            throw new InvalidOperationException("Billing:Plans must define the 'free' plan.");
        }
    }

    public IReadOnlyDictionary<string, PlanOptions> Plans { get; }

    public string NewTenantPlan { get; }

    public PlanOptions FreePlan => Plans[Free];

    public PlanOptions? Find(string? name) => name is not null && Plans.TryGetValue(name, out var plan) ? plan : null;

    /// <summary>The plan whose Stripe price has this lookup key, or null.</summary>
    public string? ByLookupKey(string? lookupKey) => lookupKey is null ? null
        : Plans.FirstOrDefault(p => string.Equals(p.Value.StripePriceLookupKey, lookupKey, StringComparison.Ordinal)).Key?.ToLowerInvariant();

    /// <summary>
    /// The defaults, written into the options before configuration binds over them (so one configured value replaces
    /// one default, not the whole plan). Free is enough to try the product; paid plans add partners and campaigns.
    /// </summary>
    public static void Defaults(BillingOptions options)
    {
        Add(options, Free, null, customers: 100, users: 2, apiKeys: 0, mails: 200, rpm: 120);
        Add(options, Starter, "crm_starter_monthly", customers: 2_000, users: 5, apiKeys: 3, mails: 5_000, rpm: 600,
            PlanFeatures.PartnerApiKeys, PlanFeatures.ComplaintSla);
        Add(options, Pro, "crm_pro_monthly", customers: 50_000, users: 25, apiKeys: 20, mails: 50_000, rpm: 3_000,
            PlanFeatures.PartnerApiKeys, PlanFeatures.ComplaintSla, PlanFeatures.WinBack, PlanFeatures.Surveys);
    }

    private static void Add(BillingOptions options, string name, string? lookupKey, int customers, int users, int apiKeys, int mails, int rpm, params string[] features)
    {
        var plan = new PlanOptions
        {
            StripePriceLookupKey = lookupKey,
            Limits = new PlanLimitOptions { Customers = customers, Users = users, ApiKeys = apiKeys, MailsPerMonth = mails, RequestsPerMinute = rpm },
        };
        foreach (var feature in PlanFeatures.All)
        {
            plan.Features[feature] = features.Contains(feature);
        }

        options.Plans[name] = plan;
    }
}
