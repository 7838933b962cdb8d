using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

internal static class DeleteCustomer
{
    /// <summary>Soft delete: hidden from every read and its email freed, the row kept for history.</summary>
    public static async Task<IResult> Handle(Guid id, HttpRequest request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var customer = await CustomerQueries.LiveById(db, id, cancellationToken);
        if (customer is null)
        {
            return CustomerQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, customer.Version) is { } refused)
        {
            return refused;
        }

        customer.Delete(StoredTime.Now(clock));
        Timeline.TimelineEvents.Record(db, customer.Id, customer.UpdatedAt, "customer.deleted", $"Customer {customer.Name} deleted.", "customer", customer.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale();
        }

        return TypedResults.NoContent();
    }
}
