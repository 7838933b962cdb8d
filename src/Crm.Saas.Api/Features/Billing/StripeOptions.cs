namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Bound from <c>Stripe</c>. The keys come from configuration or environment (<c>Stripe__SecretKey</c>,
/// <c>Stripe__WebhookSecret</c>), never from the repository, and are never logged.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>The API base address; tests point it at their local Stripe-compatible server.</summary>
    public string? ApiBase { get; set; }

    /// <summary>Retries of a failed call (network error, 409, 5xx), each with the same idempotency key.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The webhook's whole time for one delivery, Stripe re-fetch included. Stripe gives up on a delivery that is slow
    /// to answer and counts it failed; staying well under that, a slow Stripe gets a 503 it redelivers on.
    /// </summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stripe documents no exact delivery timeout; reports put it at 20 s or more, so the budget stays below.</summary>
    public static readonly TimeSpan MaxWebhookTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The shortest attempt worth making: below it a retry would only cut the attempts too short to answer.</summary>
    public static readonly TimeSpan MinWebhookAttempt = TimeSpan.FromSeconds(1);

    /// <summary>Retries of the webhook's re-fetch: <see cref="MaxNetworkRetries"/>, fewer when their attempts would not fit the budget.</summary>
    public int WebhookRetries => Math.Clamp((int)(WebhookTimeout / MinWebhookAttempt) - 1, 0, MaxNetworkRetries);

    /// <summary>One attempt of the webhook's re-fetch: an equal share of the budget, so that a hung first attempt leaves time for a retry.</summary>
    public TimeSpan WebhookAttemptTimeout => WebhookTimeout / (WebhookRetries + 1) is var share && share < Timeout ? share : Timeout;

    public bool CanCallApi => !string.IsNullOrWhiteSpace(SecretKey);

    public bool CanVerifyWebhooks => !string.IsNullOrWhiteSpace(WebhookSecret);

    /// <summary>Keeps secrets out of any log or debugger view that prints the options.</summary>
    public override string ToString() => $"Stripe(ApiBase={ApiBase ?? "default"}, SecretKey={(CanCallApi ? "set" : "unset")}, WebhookSecret={(CanVerifyWebhooks ? "set" : "unset")})";
}
