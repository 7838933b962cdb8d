using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>
/// Runs <see cref="LifecycleRecomputation"/> over every active tenant once per interval (first run one interval
/// after start). A stop-gap until Hangfire's recurring jobs take this over; a failing tenant is logged and skipped.
/// </summary>
internal sealed class LifecycleRecomputeService(
    IServiceScopeFactory scopes, LifecycleRecomputation recomputation, IOptions<LifecycleOptions> options, TimeProvider clock,
    ILogger<LifecycleRecomputeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RecomputeInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        List<TenantInfo> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            tenants = (await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken))
                .Select(t => t.ToInfo()).ToList();
        }

        foreach (var tenant in tenants)
        {
            try
            {
                var result = await recomputation.RunForTenantAsync(tenant, clock.GetUtcNow().UtcDateTime, cancellationToken);
                logger.LogInformation("Lifecycle recomputed for tenant {Tenant}: {Stages} stage changes, {Scores} RFM changes",
                    tenant.Slug, result.StagesChanged, result.RfmScoresChanged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Lifecycle recomputation failed for tenant {Tenant}", tenant.Slug);
            }
        }
    }
}
