using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// The seam through which mails show a customer's points balance (<c>{{points.balance}}</c>). Loyalty registers the
/// real one; until then the balance reads 0.
/// </summary>
public interface IPointsBalance
{
    Task<long> BalanceAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken);
}

internal sealed class NoPointsBalance : IPointsBalance
{
    public Task<long> BalanceAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken) => Task.FromResult(0L);
}
