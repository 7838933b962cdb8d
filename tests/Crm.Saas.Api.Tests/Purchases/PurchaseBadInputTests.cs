using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Every bad sale is a 400 naming the field, and writes nothing: no purchase, no change to the customer.</summary>
public abstract class PurchaseBadInputTests(CrmApp app)
{
    private static readonly (string Patch, string Field)[] BadSales =
    [
        ("""{"amount":0}""", "amount"),
        ("""{"amount":-100}""", "amount"),
        ("""{"amount":12.5}""", "amount"),
        ("""{"amount":"1250"}""", "amount"),
        ("""{"amount":1000000000001}""", "amount"),
        ("""{"amount":null}""", "amount"),
        ("""{"currency":"usd"}""", "currency"),
        ("""{"currency":"XXQ"}""", "currency"),
        ("""{"currency":"EURO"}""", "currency"),
        ("""{"occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt"),
        ("""{"occurredAt":"yesterday"}""", "occurredAt"),
        ("""{"channel":"fax"}""", "channel"),
        ("""{"channel":null}""", "channel"),
        ("""{"externalRef":"a\u0007b"}""", "externalRef"),
        ("""{"externalRef":" "}""", "externalRef"),
        ("""{"lines":[{"sku":"A","name":"Tea","quantity":0,"amount":100}]}""", "lines[0].quantity"),
        ("""{"lines":[{"sku":"A","name":"Tea","quantity":1,"amount":-1}]}""", "lines[0].amount"),
        ("""{"lines":[{"sku":"","name":"Tea","quantity":1,"amount":1}]}""", "lines[0].sku"),
        ("""{"colour":"red"}""", "colour"),
    ];

    [Fact]
    public async Task A_bad_sale_is_a_400_naming_the_field_and_writes_nothing()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        foreach (var (patch, field) in BadSales)
        {
            await AssertRefusedAsync(api, customerId, patch, field);
        }

        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/purchases")))["data"]!.AsArray());
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}"));
        Assert.Equal(0, (int)customer["stats"]!["purchaseCount"]!);
        Assert.Equal("prospect", (string)customer["lifecycleStage"]!);
        Assert.Equal("\"1\"", (await api.GetAsync($"/v1/customers/{customerId}")).Headers.ETag?.Tag);
    }

    private static async Task AssertRefusedAsync(CrmClient api, string customerId, string patch, string field)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(PurchaseData.NewPurchase(), CrmClient.Json))!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(patch)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        await Expect.ValidationErrorAsync(await api.PostRawAsync($"/v1/customers/{customerId}/purchases", body.ToJsonString()), field);
    }

    [Fact]
    public async Task More_than_200_lines_is_refused()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var lines = Enumerable.Range(0, 201).Select(i => new { sku = $"S{i}", name = "Tea", quantity = 1, amount = 1 }).ToArray();
        var sale = new { amount = 201, currency = "EUR", occurredAt = DateTime.UtcNow.ToString("O"), channel = "store", lines };

        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/customers/{customerId}/purchases", sale), "lines");
    }

    [Fact]
    public async Task A_bad_list_filter_is_a_400_naming_it()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        (string Path, string Field)[] cases =
        [
            ("/v1/purchases?limit=0", "limit"),
            ("/v1/purchases?cursor=nonsense", "cursor"),
            ("/v1/purchases?from=tomorrow", "from"),
            ("/v1/purchases?to=2026-13-01", "to"),
            ("/v1/purchases?channel=fax", "channel"),
            ("/v1/purchases?currency=eur", "currency"),
            ("/v1/purchases?minAmount=-1", "minAmount"),
            ("/v1/purchases?minAmount=1.5", "minAmount"),
            ($"/v1/customers/{customerId}/purchases?channel=fax", "channel"),
            ("/v1/customers?segment=vip", "segment"),
            ("/v1/customers?minMonetary=6", "minMonetary"),
            ("/v1/customers?minMonetary=0", "minMonetary"),
            ("/v1/customers?minMonetary=high", "minMonetary"),
        ];
        foreach (var (path, field) in cases)
        {
            await Expect.ValidationErrorAsync(await api.GetAsync(path), field);
        }
    }
}

public sealed class PurchaseBadInputOnSqlite(SqliteApp app) : PurchaseBadInputTests(app), IClassFixture<SqliteApp>;

public sealed class PurchaseBadInputOnPostgres(PostgresApp app) : PurchaseBadInputTests(app), IClassFixture<PostgresApp>;
