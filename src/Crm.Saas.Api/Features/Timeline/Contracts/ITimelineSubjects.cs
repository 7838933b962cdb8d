using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Timeline.Contracts;

/// <summary>
/// Whose timeline may be read: implemented by customers, so that the timeline (which every feature, customers
/// included, writes to) need not read customers.
/// </summary>
public interface ITimelineSubjects
{
    /// <summary>The 404 for a customer that does not exist (or is deleted), else null.</summary>
    Task<IResult?> RefuseMissingAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken);
}
