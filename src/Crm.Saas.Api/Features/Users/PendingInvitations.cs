using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

internal static class PendingInvitations
{
    public static async Task<IResult> List(CatalogDbContext catalog, ITenantContextAccessor tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await catalog.Invitations.AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<InvitationResponse>(pending.Select(i => InvitationResponse.From(i)).ToList(), null));
    }

    public static async Task<IResult> Revoke(Guid id, CatalogDbContext catalog, ITenantContextAccessor tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await catalog.Invitations.Where(i => i.Id == id && i.TenantId == tenantId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);
        return revoked == 0 ? ApiProblems.NotFound("pending invitation") : TypedResults.NoContent();
    }
}
