using Crm.Saas.Api.Features.Timeline.Contracts;
using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>A timeline belongs to a live customer; any other id is the same 404 the customer endpoints give.</summary>
internal sealed class CustomerTimelineSubjects : ITimelineSubjects
{
    public async Task<IResult?> RefuseMissingAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null ? CustomerQueries.NotFound() : null;
}
