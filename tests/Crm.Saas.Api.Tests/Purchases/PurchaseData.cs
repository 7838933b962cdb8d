using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Bodies and shortcuts the purchase, refund and lifecycle tests share.</summary>
internal static class PurchaseData
{
    public static object NewPurchase(long amount = 1250, DateTime? occurredAt = null, string currency = "EUR", string channel = "web", string? externalRef = null) => new
    {
        amount,
        currency,
        occurredAt = (occurredAt ?? DateTime.UtcNow.AddMinutes(-1)).ToString("O"),
        channel,
        externalRef,
        lines = new[] { new { sku = "TEA-OOLONG-100", name = "Oolong tea, 100 g", quantity = 1, amount } },
    };

    public static async Task<string> CreateCustomerAsync(CrmClient api, string name = "Mei Lin")
    {
        var customer = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer(name, email: null)));
        return (string)customer["id"]!;
    }

    public static async Task<string> RecordAsync(CrmClient api, string customerId, long amount = 1250, DateTime? occurredAt = null, string channel = "web", string currency = "EUR")
    {
        var purchase = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync($"/v1/customers/{customerId}/purchases", NewPurchase(amount, occurredAt, currency, channel)));
        return (string)purchase["id"]!;
    }
}
