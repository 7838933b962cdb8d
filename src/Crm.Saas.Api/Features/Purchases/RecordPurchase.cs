using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// Records a sale, updates the customer's facts and stage, and writes the timeline, in one transaction.
/// A sale re-sent with the same externalRef is not counted twice: the first purchase comes back (200).
/// </summary>
internal static class RecordPurchase
{
    public static async Task<Results<CreatedResourceResult<PurchaseResponse>, ResourceResult<PurchaseResponse>, ProblemHttpResult>> Handle(
        Guid customerId, PurchaseRequest request, HttpResponse response, TenantDbContext db, IPurchaseEvents events, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (request.ExternalRef is { Length: > 0 } externalRef
                && await PurchaseQueries.ByExternalRefAsync(db, externalRef, cancellationToken) is { } existing)
            {
                return SameSale(existing, customerId, request, response);
            }

            var customer = await CustomerQueries.LiveById(db, customerId, cancellationToken);
            if (customer is null)
            {
                return CustomerQueries.NotFound();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var purchase = request.ToPurchase(customer.Id, now);
            db.Purchases.Add(purchase);
            PurchaseFacts.Record(customer, purchase, now);
            var channel = SnakeCaseEnumConverter<PurchaseChannel>.ToWord(purchase.Channel);
            Timeline.TimelineEvents.Record(db, customer.Id, purchase.OccurredAt, "purchase.recorded",
                $"Purchase of {purchase.Amount} {purchase.Currency} (minor units) via {channel}",
                "purchase", purchase.Id, new { purchase.Amount, purchase.Currency, channel, purchase.ExternalRef });
            await events.PublishAsync(new PurchaseRecorded(purchase, customer, now), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ResourceResults.Created(PurchaseResponse.From(purchase), purchase.Version, $"/v1/purchases/{purchase.Id}");
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another purchase or refund of this customer committed first: read its facts again and redo ours.
                WriteConflicts.Forget(db);
                if (attempt == WriteConflicts.MaxAttempts)
                {
                    return PurchaseQueries.WriteConflict();
                }
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && request.ExternalRef is not null && attempt < WriteConflicts.MaxAttempts)
            {
                // The same sale arrived twice at once and the other copy committed first: the next pass finds it.
                WriteConflicts.Forget(db);
            }
        }
    }

    /// <summary>The same externalRef is the same sale only for the same customer, amount and currency; anything else is a clash.</summary>
    private static Results<CreatedResourceResult<PurchaseResponse>, ResourceResult<PurchaseResponse>, ProblemHttpResult> SameSale(
        Purchase existing, Guid customerId, PurchaseRequest request, HttpResponse response)
    {
        if (existing.CustomerId != customerId || existing.Amount != request.Amount || existing.Currency != request.Currency)
        {
            return PurchaseQueries.DuplicateExternalRef(existing.Id);
        }

        response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
        return ResourceResults.Ok(PurchaseResponse.From(existing), existing.Version);
    }
}
