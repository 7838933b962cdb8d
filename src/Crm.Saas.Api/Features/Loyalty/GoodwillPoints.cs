using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// Goodwill from a resolved complaint: a <c>goodwill</c> credit linked to the complaint, added to the caller's
/// context (not saved) so it commits with the resolution. Once per complaint: a complaint reopened and resolved again
/// with goodwill gives nothing more (the entry's dedup key, the complaint, would refuse it anyway, as a failed save).
/// </summary>
internal sealed class GoodwillPoints : IGoodwillPoints
{
    public async Task GrantAsync(TenantDbContext db, Guid customerId, int points, Guid complaintId, DateTime at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        if (await db.Set<LoyaltyEntry>().AnyAsync(e => e.ComplaintId == complaintId && e.Kind == EntryKind.Goodwill, cancellationToken))
        {
            return;
        }

        var now = StoredTime.Of(at);
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        var account = (await PointsLedger.OpenAsync(db, customerId, create: true, now, cancellationToken))!;
        PointsLedger.Credit(db, account, new PointsChange(EntryKind.Goodwill, points)
        {
            ComplaintId = complaintId, DedupKey = $"complaint:{complaintId}", ExpiresAt = EarnRules.ExpiryFor(now, program.ValidityMonths),
            Reason = "Goodwill for a resolved complaint",
        }, now);
    }
}
