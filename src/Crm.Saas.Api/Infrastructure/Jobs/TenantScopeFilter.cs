using System.Reflection;
using Crm.Saas.Tenancy;
using Hangfire.Server;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Opens the tenant scope around every job of a <see cref="TenantScopedAttribute"/> class, from the job's own
/// <c>tenantId</c> argument (never from ambient state), and refuses to run one whose tenant is missing, unknown or not
/// active. Any other job runs with no tenant in scope, so platform-level code cannot reach tenant data by accident.
/// Hangfire calls server filters synchronously around the job, so the scope (an AsyncLocal) flows into it.
/// </summary>
internal sealed class TenantScopeFilter(ITenantStore tenants, ITenantContextAccessor accessor, ILogger<TenantScopeFilter> logger) : IServerFilter
{
    private const string ScopeItem = "crm.tenant-scope";

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        if (job.Type.GetCustomAttribute<TenantScopedAttribute>() is null)
        {
            return;
        }

        var tenant = TenantOf(job) is { } id && id != Guid.Empty
            ? tenants.FindByIdAsync(id, context.CancellationToken.ShutdownToken).GetAwaiter().GetResult()
            : null;
        if (tenant is not { IsActive: true })
        {
            logger.LogError("Refused tenant job {Job} ({Method}): no active tenant in its arguments", context.BackgroundJob.Id, job.Method.Name);
            throw new TenantRequiredException();
        }

        context.Items[ScopeItem] = accessor.BeginScope(tenant);
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ScopeItem, out var scope) && scope is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static Guid? TenantOf(Hangfire.Common.Job job)
    {
        var parameters = job.Method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == TenantScopedAttribute.ArgumentName && job.Args[i] is Guid id)
            {
                return id;
            }
        }

        return null;
    }
}
