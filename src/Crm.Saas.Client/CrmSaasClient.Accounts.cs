namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>Signs a business up: a new tenant and its owner, signed in (no credential needed).</summary>
    [CrmOperation("Signup", "POST", "/v1/signup")]
    public Task<SignupResponse> SignUpAsync(SignupRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync<SignupResponse>(HttpMethod.Post, "/v1/signup", System.Net.Http.Json.JsonContent.Create(request, options: Json), cancellationToken);

    /// <summary>Signs a user in to a tenant (no credential needed).</summary>
    [CrmOperation("IssueToken", "POST", "/v1/auth/token")]
    public Task<TokenResponse> IssueTokenAsync(TokenRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync<TokenResponse>(HttpMethod.Post, "/v1/auth/token", System.Net.Http.Json.JsonContent.Create(request, options: Json), cancellationToken);

    /// <summary>Issues an API key (owners and admins). The answer holds the secret, this once.</summary>
    [CrmOperation("CreateApiKey", "POST", "/v1/api-keys")]
    public Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<CreatedApiKey>("/v1/api-keys", request, idempotencyKey, cancellationToken);

    [CrmOperation("GetApiKey", "GET", "/v1/api-keys/{id}")]
    public Task<ApiKey> GetApiKeyAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<ApiKey>($"/v1/api-keys/{id}", cancellationToken);

    [CrmOperation("ListApiKeys", "GET", "/v1/api-keys")]
    public IAsyncEnumerable<ApiKey> ListApiKeysAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync<ApiKey>("/v1/api-keys", new Dictionary<string, string?>(), pageSize, cancellationToken);

    /// <summary>Revokes an API key: refused from its next request on. Repeating it changes nothing.</summary>
    [CrmOperation("RevokeApiKey", "DELETE", "/v1/api-keys/{id}")]
    public Task RevokeApiKeyAsync(Guid id, CancellationToken cancellationToken = default) =>
        DeleteAsync($"/v1/api-keys/{id}", null, cancellationToken);
}
