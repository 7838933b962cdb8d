namespace Crm.Saas.Api.Platform;

/// <summary>
/// A refresh token, stored only as a hash. Each use rotates it: the used one is marked and points at its successor.
/// Presenting a used one again means it leaked, and revokes its whole family (every token descended from one login).
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }

    public Guid FamilyId { get; init; }

    public Guid UserId { get; init; }

    public Guid TenantId { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    /// <summary>When it was exchanged for a new pair; a second exchange is reuse.</summary>
    public DateTime? UsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
