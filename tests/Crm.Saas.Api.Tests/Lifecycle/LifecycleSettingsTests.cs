using System.Net;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Lifecycle;

/// <summary>The lapse window and loyalty threshold: anyone reads them, admins change them, with If-Match.</summary>
public abstract class LifecycleSettingsTests(CrmApp app)
{
    [Fact]
    public async Task An_admin_changes_the_settings_with_if_match_and_an_agent_may_only_read_them()
    {
        var owner = await app.Anonymous().SignUpAsync();
        using var defaults = await owner.Client.GetAsync("/v1/settings/lifecycle");
        var body = await Expect.JsonAsync(HttpStatusCode.OK, defaults);
        Assert.Equal(90, (int)body["lapseDays"]!);
        Assert.Equal(3, (int)body["loyalMinPurchases"]!);
        Assert.Equal("\"1\"", defaults.Headers.ETag?.Tag);

        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired,
            await owner.Client.PatchAsync("/v1/settings/lifecycle", new { lapseDays = 30 }, ifMatch: null), "precondition-required");
        using var changed = await owner.Client.PatchAsync("/v1/settings/lifecycle", new { lapseDays = 30 }, ifMatch: "\"1\"");
        var changedBody = await Expect.JsonAsync(HttpStatusCode.OK, changed);
        Assert.Equal(30, (int)changedBody["lapseDays"]!);
        Assert.Equal(3, (int)changedBody["loyalMinPurchases"]!);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed,
            await owner.Client.PatchAsync("/v1/settings/lifecycle", new { loyalMinPurchases = 5 }, ifMatch: "\"1\""), "precondition-failed");

        var admin = await owner.InviteAndAcceptAsync(app, "admin");
        await Expect.StatusAsync(HttpStatusCode.OK,
            await admin.Client.PatchAsync("/v1/settings/lifecycle", new { loyalMinPurchases = 2 }, ifMatch: "\"2\""));

        var agent = await owner.InviteAndAcceptAsync(app, "agent");
        var read = await Expect.JsonAsync(HttpStatusCode.OK, await agent.Client.GetAsync("/v1/settings/lifecycle"));
        Assert.Equal(2, (int)read["loyalMinPurchases"]!);
        await Expect.ProblemAsync(HttpStatusCode.Forbidden,
            await agent.Client.PatchAsync("/v1/settings/lifecycle", new { lapseDays = 7 }, ifMatch: "\"3\""), "forbidden");
        var unchanged = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/settings/lifecycle"));
        Assert.Equal(30, (int)unchanged["lapseDays"]!);
    }

    [Fact]
    public async Task Bad_settings_are_a_400_naming_the_field_and_change_nothing()
    {
        var owner = await app.Anonymous().SignUpAsync();
        (object Patch, string Field)[] cases =
        [
            (new { lapseDays = 6 }, "lapseDays"),
            (new { lapseDays = 3651 }, "lapseDays"),
            (new { lapseDays = (int?)null }, "lapseDays"),
            (new { loyalMinPurchases = 1 }, "loyalMinPurchases"),
            (new { loyalMinPurchases = 101 }, "loyalMinPurchases"),
            (new { loyalMinPurchases = "three" }, "loyalMinPurchases"),
            (new { lapseWeeks = 4 }, "lapseWeeks"),
        ];
        foreach (var (patch, field) in cases)
        {
            await Expect.ValidationErrorAsync(await owner.Client.PatchAsync("/v1/settings/lifecycle", patch, ifMatch: "\"1\""), field);
        }

        using var read = await owner.Client.GetAsync("/v1/settings/lifecycle");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_shorter_lapse_window_moves_stages_at_the_next_purchase()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var customerId = await PurchaseData.CreateCustomerAsync(owner.Client);
        await PurchaseData.RecordAsync(owner.Client, customerId, 100, DateTime.UtcNow.AddDays(-40));
        await PurchaseData.RecordAsync(owner.Client, customerId, 100, DateTime.UtcNow.AddDays(-35));
        Assert.Equal("active", await StageAsync(owner.Client, customerId));

        await Expect.StatusAsync(HttpStatusCode.OK,
            await owner.Client.PatchAsync("/v1/settings/lifecycle", new { lapseDays = 30, loyalMinPurchases = 2 }, ifMatch: "\"1\""));
        var purchaseId = (await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync($"/v1/customers/{customerId}/purchases")))["data"]![0]!["id"]!;
        await Expect.StatusAsync(HttpStatusCode.Created, await owner.Client.PostAsync($"/v1/purchases/{purchaseId}/refunds", new { amount = 1 }));

        Assert.Equal("lapsed", await StageAsync(owner.Client, customerId)); // 35 days without a purchase, window now 30
    }

    private static async Task<string> StageAsync(CrmClient api, string customerId) =>
        (string)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}")))["lifecycleStage"]!;
}

public sealed class LifecycleSettingsOnSqlite(SqliteApp app) : LifecycleSettingsTests(app), IClassFixture<SqliteApp>;

public sealed class LifecycleSettingsOnPostgres(PostgresApp app) : LifecycleSettingsTests(app), IClassFixture<PostgresApp>;
