using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// <c>POST /v1/billing/checkout</c>: a Stripe Checkout Session (mode <c>subscription</c>) for a paid plan. The tenant id
/// travels as <c>client_reference_id</c> and in the metadata; the plan changes only when Stripe's webhook says so.
/// </summary>
internal static class StartCheckout
{
    public static async Task<IResult> Handle(
        CheckoutRequest request, ITenantContextAccessor tenants, CatalogDbContext catalog, StripeGateway stripe, PlanCatalogue plans,
        IOptions<BillingOptions> billing, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!stripe.IsConfigured)
        {
            return BillingProblems.NotConfigured("Stripe:SecretKey");
        }

        var plan = request.Plan!.Trim().ToLowerInvariant();
        var lookupKey = plans.Find(plan)!.StripePriceLookupKey!;
        try
        {
            var account = await StripeCustomers.EnsureAsync(tenants.Required, catalog, stripe, plans, clock, cancellationToken);
            if (account.Status is { } status && StripeWebhookProcessor.Live.Contains(status))
            {
                // A second subscription would bill the tenant twice: plan changes go through the portal.
                return Infrastructure.Problems.ApiProblems.Problem(409, BillingProblems.AlreadySubscribed, "Already subscribed",
                    $"This tenant already has a {status} subscription to {account.Plan}. Change or cancel it in the billing portal (POST /v1/billing/portal).");
            }

            if (await stripe.PriceByLookupKeyAsync(lookupKey, cancellationToken) is not { } price)
            {
                return BillingProblems.NotConfigured($"a Stripe price with lookup key '{lookupKey}'");
            }

            var session = await stripe.CreateCheckoutAsync(account.TenantId, account.StripeCustomerId!, price.Id, plan, billing.Value, cancellationToken);
            return TypedResults.Ok(new CheckoutResponse(session.Id, session.Url));
        }
        catch (StripeUnavailableException)
        {
            return BillingProblems.ProviderUnavailable();
        }
    }
}

public sealed record CheckoutRequest(string? Plan);

/// <param name="Url">Where to send the admin to pay.</param>
public sealed record CheckoutResponse(string SessionId, string Url);

internal sealed class CheckoutRequestValidator : AbstractValidator<CheckoutRequest>
{
    public CheckoutRequestValidator(PlanCatalogue plans) =>
        RuleFor(r => r.Plan).NotEmpty()
            .Must(plan => plans.Find(plan?.Trim())?.StripePriceLookupKey is not null)
            .WithMessage(_ => $"Unknown plan. Choose one of: {string.Join(", ", plans.Plans.Where(p => p.Value.StripePriceLookupKey is not null).Select(p => p.Key))}.");
}
