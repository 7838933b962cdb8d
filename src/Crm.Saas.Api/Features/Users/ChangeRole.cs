using System.Data;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

internal static class ChangeRole
{
    public static async Task<IResult> Handle(
        Guid userId, ChangeRoleRequest request, HttpContext http, CatalogDbContext catalog, ITenantContextAccessor tenant, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        // Serializable: two owners demoting each other at once must not leave the tenant without one.
        await using var transaction = await catalog.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var membership = await catalog.Memberships.FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return Problems.NotFound("user");
        }

        if (MembershipRules.RefuseUnlessAllowed(http.User, membership.Role, request.Role) is { } refused)
        {
            return refused;
        }

        if (membership.Role == TenantRole.Owner && request.Role != TenantRole.Owner
            && await MembershipRules.IsLastOwnerAsync(catalog, tenantId, userId, cancellationToken))
        {
            return MembershipRules.LastOwner();
        }

        membership.Role = request.Role!.Value;
        await catalog.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ListUsers.FindAsync(catalog, tenantId, userId, cancellationToken));
    }
}
