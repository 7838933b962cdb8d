using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>One tenant's pass of one <see cref="ITenantJob"/>, run by Hangfire inside the tenant's scope.</summary>
[TenantScoped]
public sealed class TenantJobRunner(IEnumerable<ITenantJob> jobs, ITenantContextAccessor accessor, TenantJobWakeups wakeups, TimeProvider clock)
{
    public async Task RunAsync(Guid tenantId, string jobName, CancellationToken cancellationToken)
    {
        // The filter opened this scope from tenantId; checking again costs nothing and fails closed if it ever did not.
        var tenant = accessor.Required;
        if (tenant.Id != tenantId)
        {
            throw new TenantRequiredException();
        }

        var job = jobs.FirstOrDefault(j => j.Name == jobName)
            ?? throw new InvalidOperationException($"No tenant job named '{jobName}' is registered.");
        if (job is not IWokenTenantJob woken)
        {
            await job.RunForTenantAsync(tenant, clock.GetUtcNow().UtcDateTime, cancellationToken);
            return;
        }

        var marks = await wakeups.TakeAsync(tenant.Id, jobName, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        using (WakeJobsOnCommit.WhileRunning(jobName))
        {
            await woken.RunForTenantAsync(tenant, now, cancellationToken);
        }

        var nextDue = await woken.NextDueAsync(tenant, now, cancellationToken);
        await wakeups.SettleAsync(tenant.Id, jobName, marks, nextDue, cancellationToken);
    }
}
