using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The loyalty subscriber to purchases: a sale earns points at the customer's tier multiplier (plus the first-purchase
/// bonus), a refund takes back its share of what the sale earned. Runs inside the purchase's transaction, so the sale
/// and its points commit together; a purchase retried after a write conflict redoes its points from scratch.
/// </summary>
internal sealed class PurchaseEarning(TenantDbContext db) : IPurchaseEventHandler<PurchaseRecorded>, IPurchaseEventHandler<PurchaseRefunded>
{
    /// <summary>After the lifecycle stage update, as it has always run.</summary>
    public int Order => 200;

    public async Task HandleAsync(PurchaseRecorded purchaseEvent, CancellationToken cancellationToken)
    {
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        if (program.Enabled)
        {
            await EarnAsync(db, program, purchaseEvent.Purchase, purchaseEvent.Customer, StoredTime.Of(purchaseEvent.RecordedAt), cancellationToken);
        }
    }

    /// <summary>Refunds reverse earnings even after the programme is switched off: the points came from money now given back.</summary>
    public Task HandleAsync(PurchaseRefunded purchaseEvent, CancellationToken cancellationToken) =>
        PointsLedger.ReverseAsync(db, purchaseEvent.Purchase, purchaseEvent.Refund.Id, StoredTime.Of(purchaseEvent.RefundedAt), cancellationToken);

    public static async Task EarnAsync(TenantDbContext db, LoyaltyProgram program, Purchase purchase, Customer customer, DateTime now, CancellationToken cancellationToken)
    {
        var account = (await PointsLedger.OpenAsync(db, customer.Id, create: true, now, cancellationToken))!;
        var qualifying = await PointsLedger.QualifyingAsync(db, program, customer.Id, now, cancellationToken);
        var tier = EarnRules.TierFor(program.Tiers, qualifying);
        var expiresAt = EarnRules.ExpiryFor(now, program.ValidityMonths);

        var points = EarnRules.PointsFor(purchase.Amount, program, tier?.Multiplier ?? 1m);
        if (points > 0)
        {
            PointsLedger.Credit(db, account, new PointsChange(EntryKind.Earn, points)
            {
                PurchaseId = purchase.Id, DedupKey = $"purchase:{purchase.Id}", ExpiresAt = expiresAt,
                Reason = tier is null ? null : $"{tier.Name} tier, ×{tier.Multiplier}",
            }, now);
        }

        var bonus = 0L;
        if (program.FirstPurchaseBonus > 0 && customer.PurchaseCount == 1
            && !await db.Set<LoyaltyEntry>().AnyAsync(e => e.CustomerId == customer.Id && e.DedupKey == FirstPurchaseKey, cancellationToken))
        {
            bonus = program.FirstPurchaseBonus;
            PointsLedger.Credit(db, account, new PointsChange(EntryKind.Bonus, bonus)
            {
                PurchaseId = purchase.Id, DedupKey = FirstPurchaseKey, ExpiresAt = expiresAt, Reason = "First purchase bonus",
            }, now);
        }

        var after = qualifying + (program.TierBasis == TierBasis.Spend ? purchase.Amount : points + bonus);
        PointsLedger.SetTier(db, account, EarnRules.TierFor(program.Tiers, after), now);
    }

    private const string FirstPurchaseKey = "first-purchase";
}
