using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Customers;

internal static class GetCustomer
{
    public static async Task<Results<ResourceResult<CustomerResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        Guid id, HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var customer = await CustomerQueries.ReadLiveById(db, id, cancellationToken);
        if (customer is null)
        {
            return CustomerQueries.NotFound();
        }

        return ETags.IsNotModified(request, customer.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(CustomerResponse.From(customer), customer.Version);
    }
}
