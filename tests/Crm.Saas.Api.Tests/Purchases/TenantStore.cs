using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Reaches a tenant's store directly, as the nightly job does, for what no endpoint of this feature shows.</summary>
internal static class TenantStore
{
    public static async Task<TenantInfo> InfoAsync(CrmApp app, Guid tenantId) =>
        (await app.WithCatalogAsync(catalog => catalog.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId))).ToInfo();

    public static async Task<T> WithTenantAsync<T>(CrmApp app, Guid tenantId, Func<TenantDbContext, Task<T>> work)
    {
        var tenant = await InfoAsync(app, tenantId);
        await using var db = app.Services.GetRequiredService<TenantDatabases>().Open(tenant);
        return await work(db);
    }

    /// <summary>The customer's timeline event types, oldest first (the timeline API belongs to another feature).</summary>
    public static Task<List<string>> TimelineTypesAsync(CrmApp app, Guid tenantId, string customerId)
    {
        var id = Guid.Parse(customerId);
        return WithTenantAsync(app, tenantId, db =>
            db.CustomerEvents.Where(e => e.CustomerId == id).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => e.Type).ToListAsync());
    }
}
