using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>Everything that happened to a customer, in one time-ordered view.</summary>
public static class TimelineApi
{
    public static void MapTimeline(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/customers/{customerId:guid}/timeline", GetTimeline.Handle).WithName("GetCustomerTimeline").RequireScope(Scopes.CustomersRead).WithTags("Timeline")
            .WithSummary("A customer's timeline, newest first, cursor-paginated; types=a,b keeps only those event types.")
            .Produces<Page<TimelineEntry>>().Validate<TimelineQuery>().ProducesProblem(404);
    }
}
