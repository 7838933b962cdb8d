using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The balance mails show (<c>{{points.balance}}</c>): the same figure as <c>balance</c> in
/// <c>GET /v1/customers/{id}/loyalty</c> at the moment the mail is rendered, i.e. the unexpired remaining lots (a lot
/// past its date no longer counts even before the nightly job writes its expiry). No account: 0.
/// </summary>
internal sealed class PointsBalance(TimeProvider clock) : IPointsBalance
{
    /// <summary>The lots that make up the balance a customer sees at <paramref name="now"/>.</summary>
    public static IQueryable<LoyaltyLot> UnexpiredLots(TenantDbContext db, Guid customerId, DateTime now) =>
        db.Set<LoyaltyLot>().AsNoTracking().Where(l => l.CustomerId == customerId && l.Remaining > 0 && (l.ExpiresAt == null || l.ExpiresAt > now));

    public Task<long> BalanceAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        UnexpiredLots(db, customerId, StoredTime.Now(clock)).SumAsync(l => l.Remaining, cancellationToken);
}
