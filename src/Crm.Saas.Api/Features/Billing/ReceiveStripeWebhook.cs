using System.Text;
using Microsoft.Extensions.Options;
using Stripe;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// <c>POST /v1/billing/stripe/webhook</c>: Stripe's events, verified on the raw body (HMAC-SHA256 signature, 300 s
/// tolerance on the injected clock) before anything is read from them. A bad or stale signature is a 400 and changes
/// nothing. When Stripe cannot be reached to re-fetch the subscription, 503 — Stripe delivers the event again later.
/// </summary>
internal static class ReceiveStripeWebhook
{
    public const long ToleranceSeconds = 300;

    public static async Task<IResult> Handle(
        HttpRequest request, IOptions<StripeOptions> options, StripeWebhookProcessor processor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return BillingProblems.NotConfigured("Stripe:WebhookSecret");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"].ToString(), secret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException or ArgumentException or FormatException)
        {
            return Infrastructure.Problems.ApiProblems.Problem(400, BillingProblems.InvalidSignature, "Invalid webhook signature",
                "The Stripe-Signature header does not match this body, or its timestamp is outside the tolerance.");
        }

        try
        {
            var outcome = await processor.ProcessAsync(stripeEvent, cancellationToken);
            return TypedResults.Ok(new WebhookReceipt(stripeEvent.Id, outcome));
        }
        catch (StripeUnavailableException)
        {
            return Infrastructure.Problems.ApiProblems.Problem(503, BillingProblems.PaymentProviderUnavailable, "Payment provider unavailable",
                "The subscription could not be read back from Stripe; nothing was recorded. Deliver the event again later.");
        }
    }
}

/// <param name="Outcome"><c>applied</c>, <c>duplicate</c>, or <c>ignored: …</c> with the reason.</param>
public sealed record WebhookReceipt(string EventId, string Outcome);
