using System.Data;
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
        await using var transaction = await catalog.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var (membership, refusal) = await MembershipRules.LoadForChangeAsync(catalog, tenantId, userId, http.User, request.Role, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        membership!.Role = request.Role!.Value;
        await catalog.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ListUsers.FindAsync(catalog, tenantId, userId, cancellationToken));
    }
}
