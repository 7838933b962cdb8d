using Crm.Saas.Api.Features.Customers;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// The purchase facts kept on the customer, so lifecycle, RFM and win-back read one row instead of the whole history.
/// A refund lowers the spend, not the count: the customer still came back to buy.
/// </summary>
internal static class PurchaseFacts
{
    public static void Record(Customer customer, Purchase purchase, DateTime now)
    {
        customer.PurchaseCount++;
        customer.LifetimeSpend += purchase.Amount;
        if (customer.FirstPurchaseAt is null || purchase.OccurredAt < customer.FirstPurchaseAt)
        {
            customer.FirstPurchaseAt = purchase.OccurredAt;
        }

        if (customer.LastPurchaseAt is null || purchase.OccurredAt > customer.LastPurchaseAt)
        {
            customer.LastPurchaseAt = purchase.OccurredAt;
        }

        customer.Touch(now);
    }

    public static void Refund(Customer customer, long amount, DateTime now)
    {
        customer.LifetimeSpend -= amount;
        customer.Touch(now);
    }
}
