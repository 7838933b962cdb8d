namespace Crm.Saas.Api.Platform;

/// <summary>A user's place in one tenant, with one role there.</summary>
public sealed class Membership
{
    public Guid TenantId { get; init; }

    public Guid UserId { get; init; }

    public TenantRole Role { get; set; }

    public DateTime CreatedAt { get; init; }
}

public enum TenantRole
{
    Owner,
    Admin,
    Agent,
}
