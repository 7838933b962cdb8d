using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>The lifecycle subscriber: after every purchase or refund, the customer's stage follows from the new facts.</summary>
internal sealed class LifecycleStageUpdate(TenantDbContext db) : IPurchaseEventHandler<PurchaseRecorded>, IPurchaseEventHandler<PurchaseRefunded>
{
    /// <summary>First: the later subscribers see the customer's stage as this purchase leaves it.</summary>
    public int Order => 100;

    public async Task HandleAsync(PurchaseRecorded purchaseEvent, CancellationToken cancellationToken)
    {
        var (purchase, customer) = (purchaseEvent.Purchase, purchaseEvent.Customer);
        var thresholds = LifecycleThresholds.From(await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken));

        // A purchase after a gap of a whole lapse window ends a lapse, even one the nightly run has not stamped yet:
        // stamp it when it began, so that this purchase counts as the win-back it is.
        var previous = await db.Purchases.Where(p => p.CustomerId == customer.Id).MaxAsync(p => (DateTime?)p.OccurredAt, cancellationToken);
        if (previous is { } last && purchase.OccurredAt - last >= thresholds.LapsedAfter && !(customer.LapsedAt >= last))
        {
            customer.LapsedAt = last + thresholds.LapsedAfter;
        }

        await UpdateAsync(customer, thresholds, purchaseEvent.RecordedAt, cancellationToken);
    }

    public async Task HandleAsync(PurchaseRefunded purchaseEvent, CancellationToken cancellationToken)
    {
        var thresholds = LifecycleThresholds.From(await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken));
        await UpdateAsync(purchaseEvent.Customer, thresholds, purchaseEvent.RefundedAt, cancellationToken);
    }

    private async Task UpdateAsync(Customer customer, LifecycleThresholds thresholds, DateTime now, CancellationToken cancellationToken)
    {
        var since = LifecycleRules.CountSince(customer.LapsedAt, now);
        var saved = await db.Purchases.CountAsync(p => p.CustomerId == customer.Id && p.OccurredAt > since, cancellationToken);
        var pending = db.ChangeTracker.Entries<Purchase>()
            .Count(e => e.State == EntityState.Added && e.Entity.CustomerId == customer.Id && e.Entity.OccurredAt > since);
        var stage = LifecycleRules.StageFor(new LifecycleFacts(customer.LastPurchaseAt, saved + pending, customer.LapsedAt), thresholds, now);
        StageChanges.Apply(db, customer, stage, now);
    }
}
