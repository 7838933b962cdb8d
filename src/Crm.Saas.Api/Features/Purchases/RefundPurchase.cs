using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// Refunds part or all of what is left of a purchase. Racing refunds cannot together exceed the purchase: each one
/// bumps the purchase's Version, so a loser's save fails, it reads the new remainder and retries (or gets the 409).
/// </summary>
internal static class RefundPurchase
{
    public static async Task<Results<CreatedResourceResult<RefundResponse>, ProblemHttpResult>> Handle(
        Guid id, RefundRequest request, TenantDbContext db, IPurchaseEvents events, TimeProvider clock, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var purchase = await PurchaseQueries.ById(db, id, cancellationToken);
            if (purchase is null)
            {
                return PurchaseQueries.NotFound();
            }

            var remaining = purchase.Amount - purchase.RefundedAmount;
            if (request.Amount > remaining)
            {
                return PurchaseQueries.RefundExceedsRemaining(remaining);
            }

            // The sale stays the customer's even after the customer is deleted, so this read is not limited to live ones.
            var customer = await db.Customers.FirstAsync(c => c.Id == purchase.CustomerId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var refund = new Refund { Id = Guid.CreateVersion7(), PurchaseId = purchase.Id, Amount = request.Amount!.Value, Reason = request.Reason, CreatedAt = now };
            db.Refunds.Add(refund);
            purchase.RefundedAmount += refund.Amount;
            purchase.Version++;
            PurchaseFacts.Refund(customer, refund.Amount, now);
            Timeline.TimelineEvents.Record(db, customer.Id, now, "purchase.refunded",
                $"Refund of {refund.Amount} {purchase.Currency} (minor units)", "purchase", purchase.Id,
                new { refund.Amount, purchase.Currency, refundId = refund.Id, refund.Reason });
            await events.PublishAsync(new PurchaseRefunded(purchase, refund, customer, now), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                var body = new RefundResponse(refund.Id, purchase.Id, refund.Amount, refund.Reason, refund.CreatedAt, purchase.Amount - purchase.RefundedAmount);
                return ResourceResults.Created(body, 1, $"/v1/purchases/{purchase.Id}");
            }
            catch (DbUpdateConcurrencyException)
            {
                WriteConflicts.Forget(db);
                if (attempt == WriteConflicts.MaxAttempts)
                {
                    return PurchaseQueries.WriteConflict();
                }
            }
        }
    }
}
