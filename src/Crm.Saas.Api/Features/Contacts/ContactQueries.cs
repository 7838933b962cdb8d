using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>Reads and answers the contact endpoints share.</summary>
internal static class ContactQueries
{
    // A contact is only visible through its own, live customer: another customer's contact id is a plain 404.
    private static readonly CompiledPerProvider<Func<TenantDbContext, Guid, Guid, CancellationToken, Task<Contact?>>> LiveQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, Guid customerId, Guid id, CancellationToken _) =>
            db.Contacts.FirstOrDefault(c => c.Id == id && c.CustomerId == customerId && c.DeletedAt == null
                && db.Customers.Any(x => x.Id == customerId && x.DeletedAt == null))));

    public static Task<Contact?> Live(TenantDbContext db, Guid customerId, Guid id, CancellationToken cancellationToken) =>
        LiveQuery.For(db)(db, customerId, id, cancellationToken);

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("contact");

    public static ProblemHttpResult NeedsOrganization() =>
        ApiProblems.Problem(409, ProblemTypes.ContactsNeedOrganization, "Contacts need an organisation",
            "Only organization customers have contacts. This customer is a person: record the person's details on the customer itself.");

    public static ProblemHttpResult PrimaryRace() =>
        ApiProblems.Problem(409, ProblemTypes.Conflict, "Primary contact changed",
            "Another request made a different contact primary at the same time. Read the contacts again and retry.");
}
