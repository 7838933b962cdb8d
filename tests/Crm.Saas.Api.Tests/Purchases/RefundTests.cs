using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Money given back: partial or full, never more than is left, however many refunds race.</summary>
public abstract class RefundTests(CrmApp app)
{
    [Fact]
    public async Task Partial_then_full_refund_and_nothing_more()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var purchaseId = await PurchaseData.RecordAsync(api, customerId, 1000);

        using var partial = await api.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 300, reason = "Damaged in transit" });
        var refund = await Expect.JsonAsync(HttpStatusCode.Created, partial);
        Assert.Equal(300, (long)refund["amount"]!);
        Assert.Equal(700, (long)refund["remainingAmount"]!);
        Assert.Equal("Damaged in transit", (string)refund["reason"]!);
        Assert.Equal($"/v1/purchases/{purchaseId}", partial.Headers.Location?.OriginalString);

        using var afterPartial = await api.GetAsync($"/v1/purchases/{purchaseId}");
        var purchase = await Expect.JsonAsync(HttpStatusCode.OK, afterPartial);
        Assert.Equal(300, (long)purchase["refundedAmount"]!);
        Assert.Equal("\"2\"", afterPartial.Headers.ETag?.Tag);

        var tooMuch = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 701 }), "refund-exceeds-remaining");
        Assert.Equal(700, (long)tooMuch["remainingAmount"]!);

        var rest = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 700 }));
        Assert.Equal(0, (long)rest["remainingAmount"]!);
        var none = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 1 }), "refund-exceeds-remaining");
        Assert.Equal(0, (long)none["remainingAmount"]!);

        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(0, (long)customer["stats"]!["lifetimeSpend"]!);
        Assert.Equal(1, (int)customer["stats"]!["purchaseCount"]!); // a refund takes money back, not the visit
        var timeline = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(2, timeline.Count(t => t == "purchase.refunded"));
    }

    [Fact]
    public async Task Eight_racing_refunds_of_30_on_100_never_refund_more_than_100()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var purchaseId = await PurchaseData.RecordAsync(api, customerId, 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 30 })));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Conflict, refused, "refund-exceeds-remaining");
            Assert.Equal(10, (long)problem["remainingAmount"]!);
        }

        var purchase = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/purchases/{purchaseId}"));
        Assert.Equal(90, (long)purchase["refundedAmount"]!);
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(10, (long)customer["stats"]!["lifetimeSpend"]!);
    }

    [Fact]
    public async Task A_bad_refund_is_a_400_naming_the_field_and_refunds_nothing()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var purchaseId = await PurchaseData.RecordAsync(api, await PurchaseData.CreateCustomerAsync(api), 100);
        (string Body, string Field)[] cases =
        [
            ("{\"amount\":0}", "amount"),
            ("{\"amount\":-5}", "amount"),
            ("{\"amount\":1.5}", "amount"),
            ("{\"amount\":\"10\"}", "amount"),
            ("{}", "amount"),
            ("{\"amount\":10,\"reason\":\"a\\u0000b\"}", "reason"),
            ("{\"amount\":10,\"why\":\"x\"}", "why"),
        ];
        foreach (var (body, field) in cases)
        {
            await Expect.ValidationErrorAsync(await api.PostRawAsync($"/v1/purchases/{purchaseId}/refunds", body), field);
        }

        var purchase = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/purchases/{purchaseId}"));
        Assert.Equal(0, (long)purchase["refundedAmount"]!);
    }
}

public sealed class RefundsOnSqlite(SqliteApp app) : RefundTests(app), IClassFixture<SqliteApp>;

public sealed class RefundsOnPostgres(PostgresApp app) : RefundTests(app), IClassFixture<PostgresApp>;
