using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// The catalog's wake-ups of <see cref="IWokenTenantJob"/>s. A pass takes its wake-up (pushing it a lease ahead, so
/// the next dispatch does not start a second pass meanwhile, and a pass that dies is looked at again), runs, then
/// settles it: removed when nothing is pending, moved to the next due time otherwise. A wake-up that came while
/// the pass ran changed <see cref="TenantJobWakeup.Marks"/>, and is never removed by that settle.
/// </summary>
public sealed class TenantJobWakeups(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TenantJobWakeups> logger)
{
    /// <summary>How long a taken wake-up waits before another pass may start (a pass normally settles long before).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>Wakes the jobs for the tenant now. Called after the change that gave them work has committed.</summary>
    public async Task WakeAsync(Guid tenantId, IReadOnlyCollection<string> jobs, CancellationToken cancellationToken = default)
    {
        var now = StoredTime.Now(clock);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            foreach (var job in jobs)
            {
                await WakeAsync(catalog, tenantId, job, now, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change itself is committed; the daily visit of every tenant picks the work up.
            logger.LogError(e, "Could not wake {Jobs} for tenant {Tenant}", string.Join(", ", jobs), tenantId);
        }
    }

    /// <summary>The active tenants whose wake-up for the job is due.</summary>
    public static Task<List<Guid>> DueTenantsAsync(CatalogDbContext catalog, string job, DateTime now, CancellationToken cancellationToken) =>
        catalog.Set<TenantJobWakeup>().AsNoTracking()
            .Where(w => w.Job == job && w.DueAt <= now)
            .Join(catalog.Tenants.Where(t => t.Status == TenantStatus.Active), w => w.TenantId, t => t.Id, (w, t) => t.Id)
            .OrderBy(id => id).ToListAsync(cancellationToken);

    /// <summary>Takes the tenant's wake-up for a pass; returns its marks (0 when there was none: a daily visit).</summary>
    public async Task<long> TakeAsync(Guid tenantId, string job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var wakeups = Wakeups(scope, tenantId, job);
        var marks = await wakeups.Select(w => w.Marks).FirstOrDefaultAsync(cancellationToken);
        var leaseEnd = StoredTime.Now(clock) + Lease;
        await wakeups.Where(w => w.Marks == marks).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueAt, leaseEnd), cancellationToken);
        return marks;
    }

    /// <summary>After a pass: no wake-up when nothing is pending (unless woken meanwhile), else one at the next due time.</summary>
    public async Task SettleAsync(Guid tenantId, string job, long marks, DateTime? nextDue, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var wakeups = Wakeups(scope, tenantId, job);
        if (nextDue is not { } due)
        {
            await wakeups.Where(w => w.Marks == marks).ExecuteDeleteAsync(cancellationToken);
            return;
        }

        due = StoredTime.Of(due);
        if (await wakeups.Where(w => w.Marks == marks).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueAt, due), cancellationToken) == 0)
        {
            // Woken meanwhile (or taken for a daily visit without a row): keep whichever time comes first.
            await WakeAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), tenantId, job, due, cancellationToken);
        }
    }

    private static IQueryable<TenantJobWakeup> Wakeups(AsyncServiceScope scope, Guid tenantId, string job) =>
        scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Set<TenantJobWakeup>().Where(w => w.TenantId == tenantId && w.Job == job);

    /// <summary>
    /// Upsert: the earlier of the stored and the given time, one more mark. One statement (the same on both providers),
    /// so concurrent wakes of one tenant neither fail nor log a unique violation.
    /// </summary>
    private static Task WakeAsync(CatalogDbContext catalog, Guid tenantId, string job, DateTime at, CancellationToken cancellationToken) =>
        catalog.Database.ExecuteSqlRawAsync(UpsertSql(catalog), [tenantId, job, at], cancellationToken);

    /// <summary>The statement, naming the table as the catalog's model does (schema-qualified on PostgreSQL); no input in it.</summary>
    private static string UpsertSql(CatalogDbContext catalog)
    {
        var (table, name) = TableNames.Of<TenantJobWakeup>(catalog);
        return $"INSERT INTO {table} (tenant_id, job, due_at, marks) VALUES ({{0}}, {{1}}, {{2}}, 1) ON CONFLICT (tenant_id, job) DO UPDATE SET "
            + $"due_at = CASE WHEN excluded.due_at < {name}.due_at THEN excluded.due_at ELSE {name}.due_at END, marks = {name}.marks + 1";
    }
}
