using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The seam between complaints and the loyalty ledger: resolving a complaint may grant the customer goodwill points.
/// The grant is added to <paramref name="db"/> inside the caller's transaction (not saved), so the complaint's
/// resolution and its points commit together or not at all; the entry is linked to the complaint.
/// </summary>
public interface IGoodwillPoints
{
    Task GrantAsync(TenantDbContext db, Guid customerId, int points, Guid complaintId, DateTime at, CancellationToken cancellationToken);
}
