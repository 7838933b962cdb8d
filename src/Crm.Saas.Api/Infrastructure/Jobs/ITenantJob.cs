using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Periodic work done for one tenant at a time (lifecycle recomputation, SLA breach checks, points expiry…).
/// A recurring Hangfire dispatcher fans the job out as one Hangfire job per active tenant
/// (<see cref="TenantJobDispatcher"/>); each runs in that tenant's scope (<see cref="TenantScopeFilter"/>) and the
/// job itself only ever sees the tenant it is given, opens that tenant's store and nothing else.
/// Registered with <see cref="JobsSetup.AddTenantJob{TJob}"/>.
/// </summary>
public interface ITenantJob
{
    /// <summary>Stable name, used in logs and as the recurring job's id.</summary>
    string Name { get; }

    /// <summary>How often the job runs over the fleet; <see cref="TimeSpan.Zero"/> turns it off.</summary>
    TimeSpan Interval { get; }

    /// <summary>One tenant's pass, as of <paramref name="now"/> (UTC); safe to run again for the same moment.</summary>
    Task RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken);
}
