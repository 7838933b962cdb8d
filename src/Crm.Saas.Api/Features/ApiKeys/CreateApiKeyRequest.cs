using Crm.Saas.Api.Persistence;
namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>A new key: a name people recognise it by, what it may do, and optionally when it stops working.</summary>
public sealed record CreateApiKeyRequest
{
    /// <example>Shop POS sync</example>
    public string? Name { get; init; }

    /// <example>["customers:read", "customers:write"]</example>
    public List<string>? Scopes { get; init; }

    /// <summary>When the key stops working (UTC); absent: until revoked.</summary>
    public DateTime? ExpiresAt { get; init; }

    /// <summary>A time without an offset is taken as UTC, like every time in this API.</summary>
    internal DateTime? ExpiresAtUtc => ExpiresAt is not { } at
        ? null
        : StoredTime.Of(at.Kind switch
        {
            DateTimeKind.Local => at.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
            _ => at,
        });
}
