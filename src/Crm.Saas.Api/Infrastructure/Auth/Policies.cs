using Crm.Saas.Api.Platform;
using Microsoft.AspNetCore.Authorization;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Who may do what. Users act by role (owner ⊃ admin ⊃ agent); API keys act by scope and never hold a role, so
/// endpoints that need a role (managing users, keys, billing, settings) are out of a key's reach.
/// </summary>
public static class Policies
{
    /// <summary>Owners and admins: users, API keys, settings, the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Owners only: deleting the tenant, changing owners.</summary>
    public const string Owner = "owner";

    /// <summary>Any signed-in user of the tenant (any role), but no API key.</summary>
    public const string Member = "member";

    public static AuthorizationBuilder AddCrmPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Admin, p => p.RequireClaim(CrmClaims.Role, Word(TenantRole.Owner), Word(TenantRole.Admin)))
        .AddPolicy(Owner, p => p.RequireClaim(CrmClaims.Role, Word(TenantRole.Owner)))
        .AddPolicy(Member, p => p.RequireClaim(CrmClaims.Role));

    /// <summary>The caller's role, when the caller is a user.</summary>
    public static TenantRole? RoleOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(CrmClaims.Role)?.Value is { } word ? Persistence.SnakeCaseEnumConverter<TenantRole>.FromWord(word) : null;

    public static string Word(TenantRole role) => Persistence.SnakeCaseEnumConverter<TenantRole>.ToWord(role);
}
