using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Recording, reading and listing sales, as a shop system or the web client does.</summary>
public abstract class PurchasesApiTests(CrmApp app)
{
    [Fact]
    public async Task A_sale_is_recorded_read_back_and_changes_the_customer()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var occurredAt = DateTime.UtcNow.AddHours(-2);

        using var created = await api.PostAsync($"/v1/customers/{customerId}/purchases",
            PurchaseData.NewPurchase(4200, occurredAt, externalRef: "order-1"), ("Idempotency-Key", "sale-1"));
        var purchase = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)purchase["id"]!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/v1/purchases/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal(4200, (long)purchase["amount"]!);
        Assert.Equal(4200, (long)purchase["remainingAmount"]!);
        Assert.Equal("web", (string)purchase["channel"]!);
        Assert.Equal("Oolong tea, 100 g", (string)purchase["lines"]![0]!["name"]!);
        Assert.Equal(occurredAt, DateTime.Parse((string)purchase["occurredAt"]!).ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        using var read = await api.GetAsync($"/v1/purchases/{id}");
        var readBody = await Expect.JsonAsync(HttpStatusCode.OK, read);
        Assert.Equal(customerId, (string)readBody["customerId"]!);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        using var notModified = await api.GetAsync($"/v1/purchases/{id}", ("If-None-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // The same Idempotency-Key replays the first answer without a second sale.
        using var replay = await api.PostAsync($"/v1/customers/{customerId}/purchases",
            PurchaseData.NewPurchase(4200, occurredAt, externalRef: "order-1"), ("Idempotency-Key", "sale-1"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        await PurchaseData.RecordAsync(api, customerId, 800, occurredAt.AddHours(1));
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(2, (int)customer["stats"]!["purchaseCount"]!);
        Assert.Equal(5000, (long)customer["stats"]!["lifetimeSpend"]!);
        Assert.Equal(occurredAt, DateTime.Parse((string)customer["stats"]!["firstPurchaseAt"]!).ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(occurredAt.AddHours(1), DateTime.Parse((string)customer["stats"]!["lastPurchaseAt"]!).ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("active", (string)customer["lifecycleStage"]!);
        Assert.Null(customer["rfm"]);

        var timeline = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(2, timeline.Count(t => t == "purchase.recorded"));
        Assert.Single(timeline, t => t == "stage.changed");
    }

    [Fact]
    public async Task The_third_purchase_within_a_year_makes_a_customer_loyal()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var stages = new List<string>();
        foreach (var daysAgo in new[] { 30, 20, 10 })
        {
            await PurchaseData.RecordAsync(api, customerId, occurredAt: DateTime.UtcNow.AddDays(-daysAgo));
            stages.Add((string)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}")))["lifecycleStage"]!);
        }

        Assert.Equal(["active", "active", "loyal"], stages);
    }

    [Fact]
    public async Task A_resent_sale_with_the_same_external_ref_returns_the_first_purchase_and_a_clash_is_a_409()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var other = await PurchaseData.CreateCustomerAsync(api, "Other");
        var sale = PurchaseData.NewPurchase(1999, externalRef: "pos-77");

        var first = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{customerId}/purchases", sale));
        using var again = await api.PostAsync($"/v1/customers/{customerId}/purchases", sale);
        var replayed = await Expect.JsonAsync(HttpStatusCode.OK, again);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.True(JsonNode.DeepEquals(first, replayed), $"{first} vs {replayed}");

        var otherAmount = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync($"/v1/customers/{customerId}/purchases", PurchaseData.NewPurchase(2000, externalRef: "pos-77")), "duplicate-external-ref");
        Assert.Equal((string)first["id"]!, (string)otherAmount["existingPurchaseId"]!);
        await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync($"/v1/customers/{other}/purchases", sale), "duplicate-external-ref");

        var listed = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/purchases"));
        Assert.Single(listed["data"]!.AsArray());
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(1, (int)customer["stats"]!["purchaseCount"]!);
    }

    [Fact]
    public async Task The_same_sale_sent_eight_times_at_once_counts_once()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var sale = PurchaseData.NewPurchase(500, externalRef: "burst-1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostAsync($"/v1/customers/{customerId}/purchases", sale)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"answered {r.StatusCode}"));
        var ids = await Task.WhenAll(responses.Select(async r => (string)(await r.Content.ReadFromJsonAsync<JsonObject>(CrmClient.Json))!["id"]!));
        Assert.Single(ids.Distinct());
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(1, (int)customer["stats"]!["purchaseCount"]!);
        Assert.Equal(500, (long)customer["stats"]!["lifetimeSpend"]!);
    }

    [Fact]
    public async Task Purchases_list_newest_first_filtered_and_paginated()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var mei = await PurchaseData.CreateCustomerAsync(api);
        var jun = await PurchaseData.CreateCustomerAsync(api, "Jun");
        var start = DateTime.UtcNow.AddDays(-10);
        start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, DateTimeKind.Utc); // exact on every store
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PurchaseData.RecordAsync(api, mei, 100 * (i + 1), start.AddDays(i), i % 2 == 0 ? "store" : "web"));
        }

        ids.Add(await PurchaseData.RecordAsync(api, jun, 9000, start.AddDays(2).AddHours(1), "phone", "USD"));

        // Newest first across customers, three per page, no repeats.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK,
                await api.GetAsync("/v1/purchases?limit=3" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(page["data"]!.AsArray().Select(p => (string)p!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal([ids[4], ids[3], ids[5], ids[2], ids[1], ids[0]], seen);

        async Task<List<string>> ListAsync(string path) =>
            (await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(path)))["data"]!.AsArray().Select(p => (string)p!["id"]!).ToList();

        Assert.Equal([ids[4], ids[3], ids[2], ids[1], ids[0]], await ListAsync($"/v1/customers/{mei}/purchases"));
        Assert.Equal([ids[5]], await ListAsync($"/v1/customers/{jun}/purchases"));
        Assert.Equal([ids[4], ids[2], ids[0]], await ListAsync("/v1/purchases?channel=store"));
        Assert.Equal([ids[5]], await ListAsync("/v1/purchases?currency=USD"));
        Assert.Equal([ids[4], ids[3], ids[5]], await ListAsync("/v1/purchases?minAmount=400"));
        var from = Uri.EscapeDataString(start.AddDays(1).ToString("O"));
        var to = Uri.EscapeDataString(start.AddDays(3).ToString("O"));
        Assert.Equal([ids[5], ids[2], ids[1]], await ListAsync($"/v1/purchases?from={from}&to={to}"));
        Assert.Equal([ids[2]], await ListAsync($"/v1/customers/{mei}/purchases?from={from}&to={to}&channel=store"));
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_the_purchases()
    {
        var a = (await app.Anonymous().SignUpAsync()).Client;
        var b = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(a);
        var purchaseId = await PurchaseData.RecordAsync(a, customerId);

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/purchases/{purchaseId}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/customers/{customerId}/purchases"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.PostAsync($"/v1/customers/{customerId}/purchases", PurchaseData.NewPurchase()), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 1 }), "not-found");
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await b.GetAsync("/v1/purchases")))["data"]!.AsArray());

        var untouched = await Expect.JsonAsync(HttpStatusCode.OK, await a.GetAsync($"/v1/purchases/{purchaseId}"));
        Assert.Equal(0, (long)untouched["refundedAmount"]!);
    }
}

public sealed class PurchasesApiOnSqlite(SqliteApp app) : PurchasesApiTests(app), IClassFixture<SqliteApp>;

public sealed class PurchasesApiOnPostgres(PostgresApp app) : PurchasesApiTests(app), IClassFixture<PostgresApp>;
