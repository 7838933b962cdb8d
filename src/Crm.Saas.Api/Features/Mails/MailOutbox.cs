using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>Queues mails into the tenant's outbox, in the caller's transaction (the caller saves).</summary>
public static class MailOutbox
{
    public static Mail Queue(
        TenantDbContext db, Guid customerId, string recipient, MailKind kind, string dedupeKey, DateTime now, DateTime sendAt,
        Guid? campaignRunId = null, string? offerCode = null, long? offerPoints = null)
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
        };
        db.Set<Mail>().Add(mail);
        return mail;
    }

    public static Task<bool> ExistsAsync(TenantDbContext db, string dedupeKey, CancellationToken cancellationToken) =>
        db.Set<Mail>().AnyAsync(m => m.DedupeKey == dedupeKey, cancellationToken);
}
