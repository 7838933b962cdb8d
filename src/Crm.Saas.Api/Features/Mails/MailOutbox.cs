using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>Queues mails into the tenant's outbox, in the caller's transaction (the caller saves).</summary>
public static class MailOutbox
{
    public static Mail Queue(
        TenantDbContext db, Guid customerId, string recipient, MailKind kind, string dedupeKey, DateTime now, DateTime sendAt,
        Guid? campaignRunId = null, string? offerCode = null, long? offerPoints = null, string? link = null, long? expiringPoints = null,
        DateTime? expiresAt = null)
    {
        var id = Guid.CreateVersion7();
        var mail = new Mail
        {
            Id = id,
            CustomerId = customerId,
            Kind = kind,
            Recipient = recipient,
            DedupeKey = dedupeKey,
            MessageId = $"{id:N}@crm-saas.mail",
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = sendAt,
            CampaignRunId = campaignRunId,
            OfferCode = offerCode,
            OfferPoints = offerPoints,
            Link = link,
            ExpiringPoints = expiringPoints,
            ExpiresAt = expiresAt,
        };
        db.Set<Mail>().Add(mail);
        return mail;
    }

    /// <summary>Which of <paramref name="dedupeKeys"/> are already in the outbox (so a job queueing again skips them).</summary>
    public static async Task<HashSet<string>> ExistingAsync(TenantDbContext db, IReadOnlyCollection<string> dedupeKeys, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in dedupeKeys.Distinct().Chunk(500))
        {
            found.UnionWith(await db.Set<Mail>().Where(m => chunk.Contains(m.DedupeKey)).Select(m => m.DedupeKey).ToListAsync(cancellationToken));
        }

        return found;
    }

    public static Task<bool> ExistsAsync(TenantDbContext db, string dedupeKey, CancellationToken cancellationToken) =>
        db.Set<Mail>().AnyAsync(m => m.DedupeKey == dedupeKey, cancellationToken);
}
