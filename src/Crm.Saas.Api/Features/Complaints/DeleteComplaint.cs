using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

internal static class DeleteComplaint
{
    /// <summary>Soft delete (a complaint logged by mistake): hidden from reads and statistics; an open one no longer counts for the customer.</summary>
    public static async Task<IResult> Handle(Guid id, HttpRequest request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.LiveAsync(db, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, complaint.Version) is { } refused)
        {
            return refused;
        }

        var now = StoredTime.Now(clock);
        complaint.DeletedAt = now;
        complaint.UpdatedAt = now;
        complaint.Version++;
        if (complaint.IsOpen)
        {
            await OpenComplaintCount.AdjustAsync(db, complaint.CustomerId, -1, now, cancellationToken);
        }

        Timeline.TimelineEvents.Record(db, complaint.CustomerId, now, "complaint.deleted", $"Complaint \"{complaint.Subject}\" deleted.", "complaint", complaint.Id);
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
