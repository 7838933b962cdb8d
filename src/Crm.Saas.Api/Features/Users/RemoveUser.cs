using System.Data;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

internal static class RemoveUser
{
    /// <summary>Removes the membership (the user keeps their account and other tenants) and ends their sessions here.</summary>
    public static async Task<IResult> Handle(
        Guid userId, HttpContext http, CatalogDbContext catalog, RefreshTokens refreshTokens, ITenantContextAccessor tenant, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        await using var transaction = await catalog.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var membership = await catalog.Memberships.FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return Problems.NotFound("user");
        }

        if (MembershipRules.RefuseUnlessAllowed(http.User, membership.Role) is { } refused)
        {
            return refused;
        }

        if (membership.Role == TenantRole.Owner && await MembershipRules.IsLastOwnerAsync(catalog, tenantId, userId, cancellationToken))
        {
            return MembershipRules.LastOwner();
        }

        catalog.Memberships.Remove(membership);
        await catalog.SaveChangesAsync(cancellationToken);
        await refreshTokens.RevokeAllAsync(userId, tenantId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
