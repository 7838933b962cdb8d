using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>
/// A purchase within the conversion window after a sent win-back mail converts that mail, in the purchase's own
/// transaction. The customer's <c>won_back</c> stage follows from the lifecycle rules (a purchase after a lapse),
/// which run before this handler.
/// </summary>
internal sealed class WinBackConversion(TenantDbContext db) : IPurchaseEventHandler<PurchaseRecorded>
{
    /// <summary>Last: a conversion is judged once lifecycle and loyalty have applied the purchase.</summary>
    public int Order => 300;

    public async Task HandleAsync(PurchaseRecorded purchaseEvent, CancellationToken cancellationToken)
    {
        var (purchase, customer) = (purchaseEvent.Purchase, purchaseEvent.Customer);
        var windowDays = await db.Set<WinBackSettings>().Where(s => s.Id == WinBackSettings.SingletonId)
            .Select(s => (int?)s.ConversionWindowDays).SingleOrDefaultAsync(cancellationToken) ?? 30;
        var earliestSend = purchase.OccurredAt.AddDays(-windowDays);
        var mail = await db.Set<Mail>()
            .Where(m => m.CustomerId == customer.Id && m.Kind == MailKind.WinBack && m.Status == MailStatus.Sent && m.ConvertedAt == null
                && m.SentAt <= purchase.OccurredAt && m.SentAt >= earliestSend)
            .OrderByDescending(m => m.SentAt).FirstOrDefaultAsync(cancellationToken);
        if (mail is null)
        {
            return;
        }

        mail.ConvertedAt = purchaseEvent.RecordedAt;
        mail.ConvertedPurchaseId = purchase.Id;
        mail.UpdatedAt = purchaseEvent.RecordedAt;
        Timeline.TimelineEvents.Record(db, customer.Id, purchaseEvent.RecordedAt, "win_back.converted", "Bought again after a win-back mail.",
            "mail", mail.Id, new { purchaseId = purchase.Id });
    }
}
