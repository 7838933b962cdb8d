using System.Net;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Tests.Loyalty;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>Complaints and the loyalty ledger together: goodwill granted on resolve lands once, linked to the complaint.</summary>
public abstract class GoodwillLedgerTests(CrmApp app)
{
    [Fact]
    public async Task Goodwill_granted_on_resolve_is_a_ledger_credit_linked_to_the_complaint_and_a_reopened_resolve_adds_none()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.InProgress);

        await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution(goodwillPoints: 25));

        Assert.Equal(25, await LoyaltyKit.BalanceAsync(api, customerId));
        var entry = Assert.Single(await LoyaltyKit.EntriesAsync(api, customerId));
        Assert.Equal("goodwill", (string)entry["kind"]!);
        Assert.Equal(25, (long)entry["points"]!);
        Assert.Equal("complaint", (string)entry["source"]!["type"]!);
        Assert.Equal(id, (string)entry["source"]!["id"]!);

        // Reopened and resolved again, still with goodwill: the complaint's goodwill was already given.
        await ComplaintKit.ActAsync(api, id, "reopen");
        using var again = await api.PostAsync($"/v1/complaints/{id}/resolve", ComplaintKit.Resolution(goodwillPoints: 25));
        Assert.True(again.IsSuccessStatusCode || again.StatusCode == HttpStatusCode.Conflict, $"resolve again answered {(int)again.StatusCode}");
        Assert.Equal(25, await LoyaltyKit.BalanceAsync(api, customerId));
        Assert.Single(await LoyaltyKit.EntriesAsync(api, customerId));
    }
}

public sealed class GoodwillLedgerOnSqlite(SqliteApp app) : GoodwillLedgerTests(app), IClassFixture<SqliteApp>;

public sealed class GoodwillLedgerOnPostgres(PostgresApp app) : GoodwillLedgerTests(app), IClassFixture<PostgresApp>;
