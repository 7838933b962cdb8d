using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Contacts;

internal static class RemoveContact
{
    /// <summary>Soft delete: the contact leaves every read (and stops being primary), the row stays for the history it is part of.</summary>
    public static async Task<IResult> Handle(
        Guid customerId, Guid id, HttpRequest request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var contact = await ContactQueries.Live(db, customerId, id, cancellationToken);
        if (contact is null)
        {
            return ContactQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, contact.Version) is { } refused)
        {
            return refused;
        }

        var now = StoredTime.Now(clock);
        contact.DeletedAt = now;
        contact.UpdatedAt = now;
        contact.Version++;
        Timeline.TimelineEvents.Record(db, customerId, now, "contact.removed", $"Removed contact {contact.Name}.", "contact", contact.Id);
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
