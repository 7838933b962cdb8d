using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Billing;

/// <summary><c>POST /v1/billing/portal</c>: a Stripe billing portal session, where the admin changes card, plan or cancels.</summary>
internal static class OpenPortal
{
    public static async Task<IResult> Handle(
        ITenantContextAccessor tenants, CatalogDbContext catalog, StripeGateway stripe, PlanCatalogue plans, IOptions<BillingOptions> billing,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!stripe.IsConfigured)
        {
            return BillingProblems.NotConfigured("Stripe:SecretKey");
        }

        try
        {
            var account = await StripeCustomers.EnsureAsync(tenants.Required, catalog, stripe, plans, clock, cancellationToken);
            var session = await stripe.CreatePortalAsync(account.StripeCustomerId!, billing.Value.PortalReturnUrl, cancellationToken);
            return TypedResults.Ok(new PortalResponse(session.Url));
        }
        catch (StripeUnavailableException)
        {
            return BillingProblems.ProviderUnavailable();
        }
    }
}

public sealed record PortalResponse(string Url);
