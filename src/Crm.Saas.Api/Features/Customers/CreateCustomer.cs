using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

internal static class CreateCustomer
{
    public static async Task<Results<CreatedResourceResult<CustomerResponse>, ProblemHttpResult>> Handle(
        CustomerFields request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CustomerQueries.EmailOwnerAsync(db, request.Email, null, cancellationToken) is { } existing)
        {
            return CustomerQueries.DuplicateEmail(existing);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var customer = new Customer { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(customer);
        db.Customers.Add(customer);
        Timeline.Timeline.Record(db, customer.Id, now, "customer.created", $"Customer {customer.Name} created.", "customer", customer.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another request took the email between our check and our insert.
            db.Entry(customer).State = EntityState.Detached;
            return CustomerQueries.DuplicateEmail(await CustomerQueries.EmailOwnerAsync(db, request.Email, null, cancellationToken) ?? Guid.Empty);
        }

        return ResourceResults.Created(CustomerResponse.From(customer), customer.Version, $"/v1/customers/{customer.Id}");
    }
}
