using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Contacts;

internal static class AddContact
{
    public static async Task<Results<CreatedResourceResult<ContactResponse>, ProblemHttpResult>> Handle(
        Guid customerId, ContactFields request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var customer = await CustomerQueries.LiveById(db, customerId, cancellationToken);
        if (customer is null)
        {
            return CustomerQueries.NotFound();
        }

        if (customer.Kind != CustomerKind.Organization)
        {
            return ContactQueries.NeedsOrganization();
        }

        var now = StoredTime.Now(clock);
        var contact = new Contact { Id = Guid.CreateVersion7(), CustomerId = customerId, Name = "", CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(contact);

        // Demoting and adding are one change: the audit filter's transaction holds both (or neither).
        await using var owned = await TenantTransactions.BeginUnlessActiveAsync(db, cancellationToken);
        if (contact.IsPrimary)
        {
            await PrimaryContact.DemoteOthersAsync(db, customerId, contact.Id, now, cancellationToken);
        }

        db.Contacts.Add(contact);
        Timeline.TimelineEvents.Record(db, customerId, now, "contact.added", $"Added contact {contact.Name} ({Word(contact.Role)}).",
            "contact", contact.Id, new { contact.Name, role = Word(contact.Role), contact.IsPrimary });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return ContactQueries.PrimaryRace(); // another primary committed between our demotion and our insert
        }

        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }

        return ResourceResults.Created(ContactResponse.From(contact), contact.Version, $"/v1/customers/{customerId}/contacts/{contact.Id}");
    }

    internal static string Word(ContactRole role) => SnakeCaseEnumConverter<ContactRole>.ToWord(role);
}
