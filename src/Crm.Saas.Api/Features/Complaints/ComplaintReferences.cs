using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The ids a complaint points at must exist in the caller's tenant: a live customer, one of that customer's
/// contacts, a member of the tenant. Another tenant's id is answered exactly like an id that exists nowhere.
/// </summary>
internal static class ComplaintReferences
{
    public static async Task<IResult?> CheckAsync(
        TenantDbContext db, CatalogDbContext catalog, Guid tenantId, Guid customerId, Guid? contactId, Guid? assigneeUserId,
        bool checkCustomer, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (checkCustomer && await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            errors["customerId"] = ["No customer with this id exists."];
        }
        else if (contactId is { } contact
            && !await db.Contacts.AnyAsync(c => c.Id == contact && c.CustomerId == customerId && c.DeletedAt == null, cancellationToken))
        {
            errors["contactId"] = ["No contact with this id exists for this customer."];
        }

        if (assigneeUserId is { } assignee
            && !await catalog.Memberships.AnyAsync(m => m.TenantId == tenantId && m.UserId == assignee, cancellationToken))
        {
            errors["assigneeUserId"] = ["No member of this tenant has this user id."];
        }

        return errors.Count == 0 ? null : ApiProblems.Validation(errors);
    }
}
