using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

internal static class ListUsers
{
    public static async Task<IResult> Handle(CatalogDbContext catalog, ITenantContextAccessor tenant, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        var members = await (
            from m in catalog.Memberships
            join u in catalog.Users on m.UserId equals u.Id
            where m.TenantId == tenantId
            orderby m.CreatedAt, u.Id
            select new MemberResponse(u.Id, u.Email, m.Role, m.CreatedAt)).AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Infrastructure.Pagination.Page<MemberResponse>(members, null));
    }

    /// <summary>One member of the current tenant, or null: users of other tenants do not exist here.</summary>
    public static Task<MemberResponse?> FindAsync(CatalogDbContext catalog, Guid tenantId, Guid userId, CancellationToken cancellationToken) => (
        from m in catalog.Memberships
        join u in catalog.Users on m.UserId equals u.Id
        where m.TenantId == tenantId && m.UserId == userId
        select new MemberResponse(u.Id, u.Email, m.Role, m.CreatedAt)).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
}
