using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The seam for the "points expiring soon" mail. The nightly job hands over, per customer, the points that expire
/// within <see cref="PointsExpiry.NoticeWindow"/>; <see cref="ExpiringPointsMail"/> queues one notice per customer and
/// expiry date through the mail outbox, in the job's transaction.
/// </summary>
public interface IExpiringPointsNotices
{
    Task QueueAsync(TenantDbContext db, IReadOnlyList<ExpiringSoon> customers, DateTime now, CancellationToken cancellationToken);
}

/// <summary>Points of one customer that expire at <paramref name="ExpiresAt"/> (the earliest such date in the window).</summary>
public sealed record ExpiringSoon(Guid CustomerId, long Points, DateTime ExpiresAt);

/// <summary>
/// Queues the <c>points_expiring</c> marketing mail (consent needed, one-click unsubscribe, see <see cref="MailSender"/>)
/// to each customer with an email, due at once. The dedupe key is the customer and the earliest expiry date, so the
/// nightly job handing the same customers over every night queues one notice per lot date: a later lot coming into
/// the window after the first expired gets its own. Keys already in the outbox are skipped, so a rerun never fails.
/// </summary>
internal sealed class ExpiringPointsMail : IExpiringPointsNotices
{
    public static string DedupeKey(Guid customerId, DateTime expiresAt) =>
        $"points_expiring:{customerId}:{expiresAt:yyyy-MM-dd}";

    public async Task QueueAsync(TenantDbContext db, IReadOnlyList<ExpiringSoon> customers, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var chunk in customers.Chunk(500))
        {
            var ids = chunk.Select(c => c.CustomerId).ToList();
            var emails = await db.Customers.AsNoTracking()
                .Where(c => ids.Contains(c.Id) && c.DeletedAt == null && c.Email != null && c.Email != "")
                .ToDictionaryAsync(c => c.Id, c => c.Email!, cancellationToken);
            var existing = await MailOutbox.ExistingAsync(db, [.. chunk.Select(c => DedupeKey(c.CustomerId, c.ExpiresAt))], cancellationToken);
            foreach (var soon in chunk)
            {
                var key = DedupeKey(soon.CustomerId, soon.ExpiresAt);
                if (emails.TryGetValue(soon.CustomerId, out var email) && existing.Add(key))
                {
                    MailOutbox.Queue(db, soon.CustomerId, email, MailKind.PointsExpiring, key, now, now,
                        expiringPoints: soon.Points, expiresAt: soon.ExpiresAt);
                }
            }
        }
    }
}
