namespace Crm.Saas.Api.Platform;

/// <summary>A person who signs in. Global to the platform; belongs to tenants through memberships.</summary>
public sealed class PlatformUser
{
    public Guid Id { get; init; }

    public required string Email { get; set; }

    /// <summary>Lower-cased email: the unique sign-in name.</summary>
    public required string EmailNormalized { get; set; }

    public required string PasswordHash { get; set; }

    public DateTime CreatedAt { get; init; }
}
