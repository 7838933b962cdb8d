using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Complaints;

internal static class GetComplaint
{
    public static async Task<IResult> Handle(Guid id, TenantDbContext db, ComplaintViews views, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.LiveAsync(db, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintQueries.NotFound();
        }

        // No 304: the SLA part (remaining minutes, breach flags) moves with time, not with the version.
        return ResourceResults.Ok(views.Show(complaint, await views.RulesAsync(cancellationToken)), complaint.Version);
    }
}
