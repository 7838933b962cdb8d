using System.Data;
using Crm.Saas.Api.Infrastructure.Auth;
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
        var (membership, refusal) = await MembershipRules.LoadForChangeAsync(catalog, tenantId, userId, http.User, newRole: null, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        catalog.Memberships.Remove(membership!);
        await catalog.SaveChangesAsync(cancellationToken);
        await refreshTokens.RevokeAllAsync(userId, tenantId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
