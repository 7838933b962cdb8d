namespace Crm.Saas.Api.Platform;

/// <summary>An invitation to join a tenant with a role: single-use, expiring, its token stored only as a hash.</summary>
public sealed class Invitation
{
    public Guid Id { get; init; }

    public Guid TenantId { get; init; }

    public required string Email { get; init; }

    public required string EmailNormalized { get; init; }

    public TenantRole Role { get; init; }

    public required string TokenHash { get; init; }

    public Guid InvitedByUserId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
