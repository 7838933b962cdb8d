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

    public bool CanCallApi => !string.IsNullOrWhiteSpace(SecretKey);

    public bool CanVerifyWebhooks => !string.IsNullOrWhiteSpace(WebhookSecret);

    /// <summary>Keeps secrets out of any log or debugger view that prints the options.</summary>
    public override string ToString() => $"Stripe(ApiBase={ApiBase ?? "default"}, SecretKey={(CanCallApi ? "set" : "unset")}, WebhookSecret={(CanVerifyWebhooks ? "set" : "unset")})";
}
