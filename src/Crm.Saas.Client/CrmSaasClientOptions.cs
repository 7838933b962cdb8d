namespace Crm.Saas.Client;

/// <summary>Where the API is and which credential to send.</summary>
public sealed class CrmSaasClientOptions
{
    /// <summary>The API's address without /v1, such as https://api.crm-saas.dev.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A partner's API key (crm_live_…), sent as X-Api-Key.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A user's access token, sent as Authorization: Bearer (used when no API key is set).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Supplies a fresh access token per request (wins over <see cref="AccessToken"/>).</summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>Makes the Idempotency-Key sent on creates when the caller passes none. Default: a new GUID.</summary>
    public Func<string> IdempotencyKeyFactory { get; set; } = () => Guid.NewGuid().ToString();
}
