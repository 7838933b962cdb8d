using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.OpenApi;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>Plans and payment: the tenant's billing (owners and admins), Stripe's webhook, and read-only after a failed payment.</summary>
public static class BillingApi
{
    public static void MapBilling(this RouteGroupBuilder v1)
    {
        v1.AddEndpointFilterOnWrites<WriteAccessFilter>();

        // Billing stays usable when the tenant is read-only: paying is how it gets out.
        var billing = v1.MapGroup("/billing").WithTags("Billing").WithMetadata(AllowedWhenReadOnly.Instance);
        var admin = billing.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", GetBilling.Handle).WithName("GetBilling")
            .WithSummary("The plan in force, the subscription's status and period, usage against every limit, and a warning when payment failed.");
        admin.MapPost("/checkout", StartCheckout.Handle).WithName("StartCheckout")
            .WithSummary("Start a Stripe Checkout for a paid plan; returns the URL to send the admin to. The plan changes when Stripe confirms.")
            .Validate<CheckoutRequest>().Produces<CheckoutResponse>().ProducesProblem(409).ProducesProblem(502).ProducesProblem(503);
        admin.MapPost("/portal", OpenPortal.Handle).WithName("OpenBillingPortal")
            .WithSummary("Open the Stripe billing portal (card, invoices, plan change, cancellation); returns its URL.")
            .Produces<PortalResponse>().ProducesProblem(502).ProducesProblem(503);

        billing.MapPost("/stripe/webhook", ReceiveStripeWebhook.Handle).WithName("ReceiveStripeWebhook")
            .WithSummary("Stripe's webhook endpoint: signed events only (Stripe-Signature); each event id takes effect once.")
            .AllowAnonymous().Accepts<object>("application/json").Produces<WebhookReceipt>()
            .ProducesDescribedProblem(400, "Not a verifiable Stripe event: Stripe-Signature is missing, does not match the body or is more than 300 s off, "
                + "or the body is not an event. Nothing changed; the same delivery is refused the same way.")
            .ProducesDescribedProblem(503, "Transient: Stripe failed or was too slow to return the subscription, or the database failed (or this installation "
                + "has no webhook secret). Nothing was recorded; Stripe delivers the event again. A refusal from Stripe that no redelivery can change "
                + "(resource_missing, …) is a 200 instead, with the event recorded as ignored.", retryAfter: true);
    }
}
