using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The seam for the "points expiring soon" mail. The nightly job hands over, per customer, the points that expire
/// within <see cref="PointsExpiry.NoticeWindow"/>; the mail pipeline (issue 5, being built in parallel) implements
/// this by queueing one notice per customer and expiry date through its outbox (unique key per customer and mail
/// kind), in the job's transaction. Until it is registered, the default does nothing.
/// </summary>
public interface IExpiringPointsNotices
{
    Task QueueAsync(TenantDbContext db, IReadOnlyList<ExpiringSoon> customers, DateTime now, CancellationToken cancellationToken);
}

/// <summary>Points of one customer that expire at <paramref name="ExpiresAt"/> (the earliest such date in the window).</summary>
public sealed record ExpiringSoon(Guid CustomerId, long Points, DateTime ExpiresAt);

internal sealed class NoExpiringPointsNotices : IExpiringPointsNotices
{
    public Task QueueAsync(TenantDbContext db, IReadOnlyList<ExpiringSoon> customers, DateTime now, CancellationToken cancellationToken) => Task.CompletedTask;
}
