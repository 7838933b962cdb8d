using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// The platform-level recurring job behind each <see cref="ITenantJob"/>: it touches no tenant data, it only lists
/// the active tenants in the catalog and enqueues one <see cref="TenantJobRunner"/> job per tenant, so tenants are
/// spread over every worker and one broken store fails (and retries) alone.
/// </summary>
public sealed class TenantJobDispatcher(CatalogDbContext catalog, IBackgroundJobClient jobs, ILogger<TenantJobDispatcher> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> DispatchAsync(string jobName, CancellationToken cancellationToken)
    {
        var tenantIds = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active)
            .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var tenantId in tenantIds)
        {
            jobs.Enqueue<TenantJobRunner>(r => r.RunAsync(tenantId, jobName, CancellationToken.None));
        }

        logger.LogInformation("Dispatched {Job} to {Count} tenants", jobName, tenantIds.Count);
        return tenantIds.Count;
    }
}
