using System.Net;
using Crm.Saas.Api.Features.Campaigns;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Tests.Mails;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Campaigns;

/// <summary>The win-back campaign on a seeded tenant with a moved clock: exactly the right customers, once, and conversions.</summary>
public abstract class WinBackTests(CrmApp fixture)
{
    [Fact]
    public async Task The_daily_run_mails_exactly_the_lapsed_consenting_valuable_customers_once_and_records_conversions()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var api = a.Client;
        var longAgo = clock.UtcNow.AddDays(-200);
        var partnerKey = await ApiKeys.ApiKeyKit.IssueAsync(api, [.. Crm.Saas.Api.Infrastructure.Auth.Scopes.All]); // outlives the access token once the clock moves days
        var partner = ApiKeys.ApiKeyKit.Client(app, partnerKey.Key);
        var bPartner = ApiKeys.ApiKeyKit.Client(app, (await ApiKeys.ApiKeyKit.IssueAsync(b.Client, [.. Crm.Saas.Api.Infrastructure.Auth.Scopes.All])).Key);

        async Task<Guid> CustomerAsync(string name, string? email, bool consent = true, long spend = 50_000, DateTime? lastPurchase = null, string? language = null)
        {
            var created = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person(name, email, consent, language)));
            var id = (string)created["id"]!;
            await PurchaseData.RecordAsync(api, id, spend, lastPurchase ?? longAgo);
            return Guid.Parse(id);
        }

        var good = await CustomerAsync("Lapsed Lee", "lee@example.com");
        var goodChinese = await CustomerAsync("林美玲", "mei@example.com", language: "zh-TW", spend: 80_000);
        await CustomerAsync("No Consent", "nc@example.com", consent: false);
        await CustomerAsync("Recent Ray", "ray@example.com", lastPurchase: clock.UtcNow.AddDays(-10));
        await CustomerAsync("Cheap Chi", "chi@example.com", spend: 500);
        await CustomerAsync("No Mail", null);
        var complaining = await CustomerAsync("Angry Ann", "ann@example.com");
        var unsubscribed = await CustomerAsync("Gone Gus", "gus@example.com");
        var cooling = await CustomerAsync("Cool Cal", "cal@example.com");
        await app.InStoreAsync(a.TenantId, async db =>
        {
            (await db.Customers.SingleAsync(c => c.Id == complaining)).OpenComplaints = 1;
            var gus = await db.Customers.SingleAsync(c => c.Id == unsubscribed);
            (gus.ConsentEmail, gus.ConsentEmailSource) = (false, "unsubscribe_link");
            var earlier = MailOutbox.Queue(db, cooling, "cal@example.com", MailKind.WinBack, "win_back:earlier", clock.UtcNow.AddDays(-30), clock.UtcNow.AddDays(-30));
            (earlier.Status, earlier.SentAt) = (MailStatus.Sent, clock.UtcNow.AddDays(-30));
            return await db.SaveChangesAsync();
        });

        // Off by default: the run does nothing.
        var campaign = app.Services.GetRequiredService<WinBackCampaign>();
        Assert.Null(await campaign.RunAsync(await app.TenantAsync(a.TenantId), clock.UtcNow, TestContext.Current.CancellationToken));

        await Expect.ValidationErrorAsync(await api.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true, cooldownDays = 0 })), "cooldownDays");
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true, minLifetimeSpend = 10_000, cooldownDays = 60, offerCode = "COMEBACK10", offerPoints = 200 })));
        Assert.Equal(90, (int)settings["effectiveLapseDays"]!);

        var preview = await Expect.JsonAsync(HttpStatusCode.OK, await api.PostAsync("/v1/campaigns/win-back/preview", new { }));
        Assert.Equal([goodChinese.ToString(), good.ToString()], preview["customers"]!.AsArray().Select(c => (string)c!["id"]!));
        Assert.Equal(0, (int)(await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.PostAsync("/v1/campaigns/win-back/preview", new { })))["count"]!);

        var run = await campaign.RunAsync(await app.TenantAsync(a.TenantId), clock.UtcNow, TestContext.Current.CancellationToken);
        Assert.Equal(2, run!.Selected);
        await app.DrainAsync(a.TenantId);
        var winBacks = smtp.Received.Where(m => m.Headers["X-Crm-Mail-Kind"] == "win_back").ToList();
        Assert.Equal(["lee@example.com", "mei@example.com"], winBacks.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Contains("COMEBACK10", winBacks.Single(m => m.To.Mailboxes.Single().Address == "lee@example.com").TextBody);
        Assert.StartsWith("林美玲", winBacks.Single(m => m.To.Mailboxes.Single().Address == "mei@example.com").Subject);
        Assert.All(winBacks, m => Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]));

        // Later the same day: nobody new.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, (await campaign.RunAsync(await app.TenantAsync(a.TenantId), clock.UtcNow, TestContext.Current.CancellationToken))!.Selected);
        await app.DrainAsync(a.TenantId);
        Assert.Equal(2, smtp.Received.Count(m => m.Headers["X-Crm-Mail-Kind"] == "win_back"));

        // Lee buys again within the window: the mail converts and Lee is won back.
        clock.Advance(TimeSpan.FromDays(3));
        api = partner;
        await PurchaseData.RecordAsync(api, good.ToString(), 3000, clock.UtcNow.AddMinutes(-1));
        var lee = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{good}"));
        Assert.Equal("won_back", (string)lee["lifecycleStage"]!);
        var leeMail = (await app.MailsAsync(a.TenantId)).Single(m => m.CustomerId == good && m.Kind == MailKind.WinBack);
        Assert.NotNull(leeMail.ConvertedAt);

        var runs = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/campaigns/win-back/runs"));
        var listed = runs["data"]!.AsArray();
        Assert.Equal(2, listed.Count);
        var first = listed[1]!;
        Assert.Equal((2, 2, 0, 1), ((int)first["selected"]!, (int)first["sent"]!, (int)first["suppressed"]!, (int)first["converted"]!));
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await bPartner.GetAsync("/v1/campaigns/win-back/runs")))["data"]!.AsArray());
        var stats = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/mails/stats?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z"));
        Assert.Equal(1, (int)stats["kinds"]!.AsArray().Single(k => (string)k!["kind"]! == "win_back")!["converted"]!);
        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{good}/timeline"));
        Assert.Contains(timeline["data"]!.AsArray(), e => (string)e!["type"]! == "win_back.converted");
    }

    [Fact]
    public async Task A_tenant_without_win_back_in_its_plan_cannot_enable_it_and_is_never_mailed()
    {
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = fixture.Sibling(settings: new Dictionary<string, string?> { ["Billing:Plans:free:Features:winBack"] = "false" }, clock: clock);
        await app.InitializeAsync();
        var tenant = await app.Anonymous().SignUpAsync();
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await tenant.Client.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true })), "feature-not-in-plan");
        Assert.Null(await app.Services.GetRequiredService<WinBackCampaign>().RunAsync(await app.TenantAsync(tenant.TenantId), clock.UtcNow, TestContext.Current.CancellationToken));
    }
}

public sealed class WinBackOnSqlite(SqliteApp app) : WinBackTests(app), IClassFixture<SqliteApp>;

public sealed class WinBackOnPostgres(PostgresApp app) : WinBackTests(app), IClassFixture<PostgresApp>;
