using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// The seam through which mails show a customer's points balance (<c>{{points.balance}}</c>). Loyalty implements it
/// (<c>Features/Loyalty/PointsBalance</c>, registered by <c>AddLoyalty</c>).
/// </summary>
public interface IPointsBalance
{
    Task<long> BalanceAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken);
}
