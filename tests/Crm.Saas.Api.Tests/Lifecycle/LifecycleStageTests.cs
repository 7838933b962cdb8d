using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Lifecycle;

/// <summary>
/// Stages over simulated months: purchases move customers up at once, the nightly pass moves them down as time
/// passes. The host runs on a test clock, set in the past so that every simulated day is a real past day.
/// </summary>
public abstract class LifecycleStageTests(CrmApp app)
{
    private static readonly Dictionary<string, string?> LongTokens = new() { ["Auth:AccessTokenLifetime"] = "3650.00:00:00" };

    [Fact]
    public async Task A_customer_goes_from_prospect_to_loyal_slides_to_lapsed_and_is_won_back_another_churns()
    {
        var clock = new TestClock();
        var day0 = DateTime.UtcNow.Date.AddDays(-400).AddHours(12);
        clock.Set(day0);
        await using var host = app.Sibling(settings: LongTokens, clock: clock);
        await host.InitializeAsync();
        var tenant = await host.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var info = await TenantStore.InfoAsync(host, tenant.TenantId);
        var nightly = host.Services.GetRequiredService<LifecycleRecomputation>();

        var mei = await PurchaseData.CreateCustomerAsync(api, "Mei");
        var jun = await PurchaseData.CreateCustomerAsync(api, "Jun");
        var stages = new List<string> { await StageAsync(api, mei) };

        async Task BuyAsync(string customerId, int day)
        {
            clock.Set(day0.AddDays(day));
            await PurchaseData.RecordAsync(api, customerId, 1000, clock.UtcNow);
        }

        async Task NightAsync(int day)
        {
            clock.Set(day0.AddDays(day));
            await nightly.RunForTenantAsync(info, clock.UtcNow, TestContext.Current.CancellationToken);
        }

        await BuyAsync(mei, 0);
        stages.Add(await StageAsync(api, mei)); // active
        await BuyAsync(mei, 5);
        await BuyAsync(jun, 5);
        await BuyAsync(mei, 10);
        stages.Add(await StageAsync(api, mei)); // loyal: three purchases within a year
        await NightAsync(40);
        stages.Add(await StageAsync(api, mei)); // still loyal: 30 days quiet is inside the window
        await NightAsync(70);
        stages.Add(await StageAsync(api, mei)); // at_risk: 60 days (two thirds of 90) since the last purchase
        await NightAsync(101);
        stages.Add(await StageAsync(api, mei)); // lapsed: 91 days
        await BuyAsync(mei, 120);
        stages.Add(await StageAsync(api, mei)); // won_back
        await NightAsync(121);
        stages.Add(await StageAsync(api, mei)); // the nightly pass agrees

        Assert.Equal(["prospect", "active", "loyal", "loyal", "at_risk", "lapsed", "won_back", "won_back"], stages);
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{mei}"));
        Assert.Equal(4, (int)customer["stats"]!["purchaseCount"]!);

        // Jun bought once on day 5: at risk, lapsed, then churned at twice the lapse window.
        Assert.Equal("lapsed", await StageAsync(api, jun));
        await NightAsync(190);
        Assert.Equal("churned", await StageAsync(api, jun));
        Assert.Equal("at_risk", await StageAsync(api, mei)); // 70 days after the win-back purchase

        var junEvents = await StageEventsAsync(host, tenant.TenantId, jun);
        Assert.Equal(["prospect>active", "active>at_risk", "at_risk>lapsed", "lapsed>churned"], junEvents);
        var meiEvents = await StageEventsAsync(host, tenant.TenantId, mei);
        Assert.Equal(["prospect>active", "active>loyal", "loyal>at_risk", "at_risk>lapsed", "lapsed>won_back", "won_back>at_risk"], meiEvents);

        // A second pass on the same day changes nothing.
        var again = await nightly.RunForTenantAsync(info, clock.UtcNow, TestContext.Current.CancellationToken);
        Assert.Equal(0, again.StagesChanged);
    }

    [Fact]
    public async Task A_purchase_after_a_whole_lapse_window_is_a_win_back_even_before_the_nightly_pass()
    {
        var clock = new TestClock();
        var day0 = DateTime.UtcNow.Date.AddDays(-300);
        clock.Set(day0);
        await using var host = app.Sibling(settings: LongTokens, clock: clock);
        await host.InitializeAsync();
        var api = (await host.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);

        await PurchaseData.RecordAsync(api, customerId, 500, day0);
        clock.Set(day0.AddDays(200));
        await PurchaseData.RecordAsync(api, customerId, 500, clock.UtcNow);

        Assert.Equal("won_back", await StageAsync(api, customerId));
    }

    private static async Task<string> StageAsync(CrmClient api, string customerId) =>
        (string)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}")))["lifecycleStage"]!;

    private static Task<List<string>> StageEventsAsync(CrmApp host, Guid tenantId, string customerId)
    {
        var id = Guid.Parse(customerId);
        return TenantStore.WithTenantAsync(host, tenantId, async db =>
            (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.CustomerEvents.Where(e => e.CustomerId == id && e.Type == StageChanges.EventType).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => e.Data!)))
            .Select(data => JsonNode.Parse(data)!).Select(d => $"{d["from"]}>{d["to"]}").ToList());
    }
}

public sealed class LifecycleStagesOnSqlite(SqliteApp app) : LifecycleStageTests(app), IClassFixture<SqliteApp>;

public sealed class LifecycleStagesOnPostgres(PostgresApp app) : LifecycleStageTests(app), IClassFixture<PostgresApp>;
