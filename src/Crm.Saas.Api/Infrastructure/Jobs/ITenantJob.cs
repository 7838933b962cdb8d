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

/// <summary>
/// A tenant job with work only now and then (mails to send, SLA clocks running). Run every few minutes for every
/// tenant, it was a Hangfire job per tenant per interval, nearly all finding nothing: a thousand tenants made a
/// thousand jobs a minute for the mail sender alone, costing the API's requests a third of their throughput. So it
/// is dispatched only to the tenants woken for it: a committed change to one of <see cref="WokenByChangesTo"/> wakes
/// the job for that tenant, and after each pass <see cref="NextDueAsync"/> says when to look again. The first
/// dispatch of each UTC day still visits every tenant, so a wake-up lost in a crash delays work by a day at most.
/// </summary>
public interface IWokenTenantJob : ITenantJob
{
    /// <summary>Entity types of the tenant's store whose saved changes may give this job work.</summary>
    IReadOnlyCollection<Type> WokenByChangesTo { get; }

    /// <summary>When the tenant next has work for this job, as its store says after a pass; null when none is pending.</summary>
    Task<DateTime?> NextDueAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken);
}
