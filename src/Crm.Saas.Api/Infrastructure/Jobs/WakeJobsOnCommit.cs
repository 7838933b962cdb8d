using System.Collections.Frozen;
using System.Data.Common;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// On every tenant context: notes which <see cref="IWokenTenantJob"/>s a save gives work (it adds, changes or deletes
/// an entity of a type they watch), and wakes them once that work is committed: right after the save, or after the
/// transaction around it commits. Waking before the commit could let a pass run, find nothing yet, and settle the
/// wake-up away; a rolled-back change wakes nothing.
/// </summary>
public sealed class WakeJobsOnCommit(IServiceProvider services) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    // The job whose pass is running in this flow: its own saves (mails settled, breaches stamped) need not wake it,
    // since the pass ends by settling its wake-up to the next due time anyway.
    private static readonly AsyncLocal<string?> RunningJob = new();

    // Resolved on first use: the jobs themselves depend on TenantDatabases, which holds this interceptor.
    private FrozenDictionary<Type, string[]>? _jobsByType;

    /// <summary>Within the returned scope, saves do not wake <paramref name="job"/> (they still wake other jobs).</summary>
    public static IDisposable WhileRunning(string job)
    {
        RunningJob.Value = job;
        return new Restore();
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Wake(eventData.Context).GetAwaiter().GetResult();
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await Wake(eventData.Context);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Wake(eventData.Context).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Wake(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not TenantDbContext db)
        {
            return;
        }

        var jobsByType = _jobsByType ??= services.GetServices<ITenantJob>().OfType<IWokenTenantJob>()
            .SelectMany(job => job.WokenByChangesTo.Select(type => (type, job.Name)))
            .GroupBy(p => p.type).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Name).Distinct().ToArray());
        if (jobsByType.Count == 0)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && jobsByType.TryGetValue(entry.Metadata.ClrType, out var jobs))
            {
                (db.JobsToWake ??= []).UnionWith(jobs.Where(job => job != RunningJob.Value));
            }
        }
    }

    private Task Wake(DbContext? context)
    {
        if (context is not TenantDbContext { JobsToWake: { Count: > 0 } jobs } db)
        {
            return Task.CompletedTask;
        }

        db.JobsToWake = null;
        return services.GetRequiredService<TenantJobWakeups>().WakeAsync(db.TenantId, jobs);
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => RunningJob.Value = null;
    }

    private static void Forget(DbContext? context)
    {
        if (context is TenantDbContext db)
        {
            db.JobsToWake = null;
        }
    }
}
