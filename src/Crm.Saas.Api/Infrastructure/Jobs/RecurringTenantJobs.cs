using Hangfire;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// At start, makes the storage's recurring jobs match the registered <see cref="ITenantJob"/>s: one platform-level
/// dispatcher per job (id = the job's name), on the cron nearest its interval; a job turned off is removed.
/// Idempotent, so every node may do it.
/// </summary>
internal sealed class RecurringTenantJobs(IEnumerable<ITenantJob> jobs, IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            var name = job.Name;
            if (job.Interval <= TimeSpan.Zero)
            {
                recurring.RemoveIfExists(name);
                continue;
            }

            recurring.AddOrUpdate<TenantJobDispatcher>(
                name, d => d.DispatchAsync(name, CancellationToken.None), JobsSetup.CronFor(job.Interval), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
