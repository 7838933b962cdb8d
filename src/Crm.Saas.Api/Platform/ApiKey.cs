namespace Crm.Saas.Api.Platform;

/// <summary>
/// A partner's API key, bound to one tenant with a set of scopes. The secret is shown once at creation; only its
/// SHA-256 is kept. <see cref="Prefix"/> (<c>crm_live_xxxxxxxx</c>) is public and finds the row.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }

    public Guid TenantId { get; init; }

    public required string Name { get; set; }

    public required string Prefix { get; init; }

    public required string SecretHash { get; init; }

    public List<string> Scopes { get; set; } = [];

    public Guid? CreatedByUserId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
