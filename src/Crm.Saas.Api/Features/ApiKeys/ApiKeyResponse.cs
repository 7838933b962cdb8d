using Crm.Saas.Api.Platform;

namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>An API key as lists and reads show it: never the secret, which is not kept.</summary>
public sealed record ApiKeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTime CreatedAt,
    DateTime? LastUsedAt,
    DateTime? ExpiresAt,
    DateTime? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt);
}

/// <summary>A new API key, with its secret <see cref="Key"/>: this is the only answer that ever holds it.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id,
    string Name,
    IReadOnlyList<string> Scopes,
    string Prefix,
    string Key,
    DateTime CreatedAt,
    DateTime? ExpiresAt)
{
    public static CreatedApiKeyResponse From(ApiKey k, string key) => new(k.Id, k.Name, k.Scopes, k.Prefix, key, k.CreatedAt, k.ExpiresAt);
}
