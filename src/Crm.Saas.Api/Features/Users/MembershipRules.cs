using System.Security.Claims;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

/// <summary>Who may grant or take which role, and the rule that a tenant always keeps an owner.</summary>
internal static class MembershipRules
{
    /// <summary>Only owners grant, change or take away the owner role; admins manage admins and agents.</summary>
    public static IResult? RefuseUnlessAllowed(ClaimsPrincipal caller, params TenantRole?[] rolesTouched) =>
        rolesTouched.Contains(TenantRole.Owner) && Policies.RoleOf(caller) != TenantRole.Owner
            ? ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden", "Only an owner can grant, change or remove the owner role.")
            : null;

    /// <summary>True when <paramref name="userId"/> is the tenant's only owner.</summary>
    public static async Task<bool> IsLastOwnerAsync(CatalogDbContext catalog, Guid tenantId, Guid userId, CancellationToken cancellationToken) =>
        !await catalog.Memberships.AnyAsync(m => m.TenantId == tenantId && m.Role == TenantRole.Owner && m.UserId != userId, cancellationToken);

    /// <summary>
    /// The membership to change, in a serializable transaction (two owners demoting each other at once must not leave
    /// the tenant without one), or the answer that refuses: not found here, or not the caller's to change.
    /// </summary>
    public static async Task<(Membership? Membership, IResult? Refusal)> LoadForChangeAsync(
        CatalogDbContext catalog, Guid tenantId, Guid userId, ClaimsPrincipal caller, TenantRole? newRole, CancellationToken cancellationToken)
    {
        var membership = await catalog.Memberships.FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return (null, ApiProblems.NotFound("user"));
        }

        var refusal = RefuseUnlessAllowed(caller, membership.Role, newRole)
            ?? (membership.Role == TenantRole.Owner && newRole != TenantRole.Owner && await IsLastOwnerAsync(catalog, tenantId, userId, cancellationToken)
                ? LastOwner()
                : null);
        return (refusal is null ? membership : null, refusal);
    }

    public static IResult LastOwner() =>
        ApiProblems.Problem(409, ProblemTypes.LastOwner, "Last owner", "A tenant must keep at least one owner. Make someone else owner first.");
}
