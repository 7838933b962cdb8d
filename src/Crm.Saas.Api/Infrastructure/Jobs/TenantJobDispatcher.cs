using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// The platform-level recurring job behind each <see cref="ITenantJob"/>: it touches no tenant data, it only lists
/// the tenants to visit in the catalog and enqueues one <see cref="TenantJobRunner"/> job per tenant, so tenants are
/// spread over every worker and one broken store fails (and retries) alone. A <see cref="IWokenTenantJob"/> visits
/// only the tenants woken for it, except on the day's first dispatch, which visits every active tenant.
/// </summary>
public sealed class TenantJobDispatcher(
    CatalogDbContext catalog, IBackgroundJobClient jobs, IEnumerable<ITenantJob> tenantJobs, TimeProvider clock, ILogger<TenantJobDispatcher> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> DispatchAsync(string jobName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var woken = tenantJobs.OfType<IWokenTenantJob>().FirstOrDefault(j => j.Name == jobName);
        var tenantIds = woken is not null && !FirstDispatchOfTheDay(woken, now)
            ? await TenantJobWakeups.DueTenantsAsync(catalog, jobName, now, cancellationToken)
            : await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active)
                .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var tenantId in tenantIds)
        {
            jobs.Enqueue<TenantJobRunner>(r => r.RunAsync(tenantId, jobName, CancellationToken.None));
        }

        logger.Log(tenantIds.Count > 0 ? LogLevel.Information : LogLevel.Debug, "Dispatched {Job} to {Count} tenants", jobName, tenantIds.Count);
        return tenantIds.Count;
    }

    /// <summary>The dispatch whose interval began at midnight UTC (the cron runs at multiples of the interval).</summary>
    private static bool FirstDispatchOfTheDay(ITenantJob job, DateTime now) => now.TimeOfDay < job.Interval;
}
