using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Runs every <see cref="ITenantJob"/> over every active tenant once per its interval (first run one interval after
/// start), each job on its own timer. A failing tenant is logged and skipped, so one broken store cannot stop the
/// fleet's nightly work.
/// </summary>
internal sealed class TenantJobScheduler(
    IServiceScopeFactory scopes, IEnumerable<ITenantJob> jobs, TimeProvider clock, ILogger<TenantJobScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Where(j => j.Interval > TimeSpan.Zero).Select(j => RepeatAsync(j, stoppingToken)));

    private async Task RepeatAsync(ITenantJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(job, stoppingToken);
        }
    }

    /// <summary>One pass of <paramref name="job"/> over the fleet; returns how many tenants failed.</summary>
    public async Task<int> RunOnceAsync(ITenantJob job, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var tenant in await ActiveTenantsAsync(cancellationToken))
        {
            try
            {
                await job.RunForTenantAsync(tenant, clock.GetUtcNow().UtcDateTime, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                logger.LogError(e, "Job {Job} failed for tenant {Tenant}", job.Name, tenant.Slug);
            }
        }

        return failed;
    }

    private async Task<List<TenantInfo>> ActiveTenantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenants = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        return tenants.Select(t => t.ToInfo()).ToList();
    }
}
