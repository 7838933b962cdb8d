using System.Net;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Tests.Support;
using MimeKit;

namespace Crm.Saas.Api.Tests.Mails;

/// <summary>
/// The plan's <c>mailsPerMonth</c>: mails sent to customers count against it per calendar month; past it marketing
/// mails are suppressed (<c>plan_limit</c>) while transactional ones still go; billing shows the month's usage.
/// </summary>
public abstract class MailQuotaTests(CrmApp fixture)
{
    [Fact]
    public async Task Past_the_monthly_quota_marketing_mails_are_suppressed_transactional_ones_go_and_the_next_month_starts_afresh()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock, new Dictionary<string, string?>
        {
            ["Billing:Plans:free:Limits:MailsPerMonth"] = "2",
            ["Mail:WelcomeDelay"] = "00:00:00",
            ["Auth:AccessTokenLifetime"] = "3650.00:00:00", // the clock moves a month ahead
        });
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        async Task<Guid> CustomerAsync(string name, string email) =>
            Guid.Parse((string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person(name, email))))["id"]!);

        await CustomerAsync("Mei Lin", "mei@example.com");
        await CustomerAsync("Bo Chen", "bo@example.com");
        var una = await CustomerAsync("Una Late", "una@example.com");
        await app.InStoreAsync(tenant.TenantId, async db =>
        {
            MailOutbox.Queue(db, una, "una@example.com", MailKind.Survey, "survey:una", clock.UtcNow, clock.UtcNow, link: "https://crm.test/survey/abc");
            return await db.SaveChangesAsync();
        });

        var drained = await app.DrainAsync(tenant.TenantId);

        Assert.Equal((3, 1), (drained.Sent, drained.Suppressed));
        Assert.Equal(["welcome", "welcome", "survey"], smtp.Received.Select(m => m.Headers["X-Crm-Mail-Kind"]).ToArray());
        var held = Assert.Single(await app.MailsAsync(tenant.TenantId), m => m.Status == MailStatus.Suppressed);
        Assert.Equal((una, MailKind.Welcome, MailUsage.OverQuota), (held.CustomerId, held.Kind, held.SuppressedReason));
        var billing = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/billing"));
        Assert.Equal(2, (int)billing["limits"]!["mailsPerMonth"]!["limit"]!);
        Assert.Equal(3, (long)billing["limits"]!["mailsPerMonth"]!["usage"]!);

        clock.Set(new DateTime(2026, 7, 1, 0, 5, 0, DateTimeKind.Utc));
        await CustomerAsync("Ivy New", "ivy@example.com");
        Assert.Equal(1, (await app.DrainAsync(tenant.TenantId)).Sent);
        Assert.Equal("ivy@example.com", ((MailboxAddress)smtp.Received.Last().To.Single()).Address);
        Assert.Equal(1, (long)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/billing")))["limits"]!["mailsPerMonth"]!["usage"]!);
    }
}

public sealed class MailQuotaOnSqlite(SqliteApp app) : MailQuotaTests(app), IClassFixture<SqliteApp>;

public sealed class MailQuotaOnPostgres(PostgresApp app) : MailQuotaTests(app), IClassFixture<PostgresApp>;
