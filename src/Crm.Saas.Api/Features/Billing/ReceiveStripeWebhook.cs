using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// <c>POST /v1/billing/stripe/webhook</c>: Stripe's events, verified on the raw body (HMAC-SHA256 signature, 300 s
/// tolerance on the injected clock) before anything is read from them. A bad or stale signature is a 400 and changes
/// nothing. A refusal from Stripe that no redelivery can change is acknowledged (200, recorded as ignored). When Stripe
/// or the database fails for the moment, or the delivery outlasts <see cref="StripeOptions.WebhookTimeout"/>, 503 with
/// nothing recorded — Stripe delivers the event again later.
/// </summary>
internal static class ReceiveStripeWebhook
{
    public const long ToleranceSeconds = 300;

    /// <summary>Sent with a 503. Stripe redelivers on its own schedule; it tells anyone else replaying an event.</summary>
    public const int RetryAfterSeconds = 60;

    public static async Task<IResult> Handle(
        HttpRequest request, IOptions<StripeOptions> options, StripeWebhookProcessor processor, TimeProvider clock, ILogger<StripeWebhookProcessor> logger,
        CancellationToken cancellationToken)
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

        // The whole delivery has the budget, so Stripe hears 503 from us before it gives up on the delivery itself.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            var outcome = await processor.ProcessAsync(stripeEvent, budget.Token);
            return TypedResults.Ok(new WebhookReceipt(stripeEvent.Id, outcome));
        }
        catch (StripeUnavailableException)
        {
            return RetryLater(request, BillingProblems.PaymentProviderUnavailable, "Payment provider unavailable",
                "Stripe failed or was too slow to return the subscription; nothing was recorded. Deliver the event again later.");
        }
        // EF wraps a transient database failure (a command timeout, say) in an InvalidOperationException around the DbException.
        catch (Exception e) when (e is DbException or DbUpdateException || e.InnerException is DbException
            || (e is OperationCanceledException && budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Stripe event {EventId} ({Type}) was not stored (database failure or out of time); Stripe will deliver it again", stripeEvent.Id, stripeEvent.Type);
            return RetryLater(request, BillingProblems.TemporarilyUnavailable, "Temporarily unavailable",
                "The event could not be processed and stored just now; nothing was recorded. Deliver the event again later.");
        }
    }

    private static IResult RetryLater(HttpRequest request, string type, string title, string detail)
    {
        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Infrastructure.Problems.ApiProblems.Problem(503, type, title, detail);
    }
}

/// <param name="Outcome"><c>applied</c>, <c>duplicate</c>, or <c>ignored: …</c> with the reason.</param>
public sealed record WebhookReceipt(string EventId, string Outcome);
