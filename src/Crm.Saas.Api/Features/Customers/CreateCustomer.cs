using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Customers;

internal static class CreateCustomer
{
    public static async Task<Results<CreatedResourceResult<CustomerResponse>, ProblemHttpResult>> Handle(
        CustomerFields request, TenantDbContext db, TimeProvider clock, INewCustomerMail welcome, CancellationToken cancellationToken)
    {
        if (await CustomerWrites.ConflictAsync(db, request, null, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var customer = CustomerWrites.Add(db, request, StoredTime.Now(clock), welcome);
        if (await CustomerWrites.SaveAsync(db, request, customer.Id, cancellationToken) is { } raced)
        {
            return raced;
        }

        return ResourceResults.Created(CustomerResponse.From(customer), customer.Version, $"/v1/customers/{customer.Id}");
    }
}
