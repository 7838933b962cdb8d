using System.Net;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Mails;

/// <summary>One-click unsubscribe (once, idempotently, never with a forged token) and the templates API.</summary>
public abstract class ConsentAndTemplateTests(CrmApp fixture)
{
    [Fact]
    public async Task The_unsubscribe_link_works_once_and_idempotently_and_later_mails_are_suppressed()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var mei = await Expect.JsonAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", MailTestKit.Person("Mei Lin", "mei@example.com")));
        var meiId = Guid.Parse((string)mei["id"]!);
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, (await app.DrainAsync(a.TenantId)).Sent);

        var link = smtp.Received.Single().Headers["List-Unsubscribe"]!.Trim('<', '>');
        var path = new Uri(link).PathAndQuery;
        var anonymous = app.Anonymous();
        using (var page = await anonymous.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var stillConsented = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{meiId}"));
        Assert.True((bool)stillConsented["consent"]!["email"]!); // the GET only asks

        // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click; doing it twice is the same as once.
        for (var i = 0; i < 2; i++)
        {
            using var oneClick = await anonymous.PostRawAsync(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        var after = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{meiId}"));
        Assert.False((bool)after["consent"]!["email"]!);
        Assert.Equal("unsubscribe_link", (string)after["consent"]!["emailSource"]!);
        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{meiId}/timeline"));
        Assert.Single(timeline["data"]!.AsArray(), e => (string)e!["type"]! == "consent.withdrawn");

        // Tampered, truncated, or minted for the same customer id under another tenant: all refused alike.
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var otherTenant = app.Services.GetRequiredService<UnsubscribeTokens>().Issue(b.TenantId, meiId);
        foreach (var bad in new[] { tampered, token[..20], "", otherTenant })
        {
            await Expect.ProblemAsync(HttpStatusCode.BadRequest, await anonymous.PostRawAsync($"/v1/public/unsubscribe?token={bad}", "", "text/plain"), "invalid-unsubscribe-token");
            await Expect.ProblemAsync(HttpStatusCode.BadRequest, await anonymous.GetAsync($"/v1/public/unsubscribe?token={bad}"), "invalid-unsubscribe-token");
        }

        // A mail queued for her now is suppressed, never sent, and counted.
        await app.InStoreAsync(a.TenantId, async db =>
        {
            MailOutbox.Queue(db, meiId, "mei@example.com", MailKind.WinBack, "win_back:test", clock.UtcNow, clock.UtcNow);
            return await db.SaveChangesAsync();
        });
        var drained = await app.DrainAsync(a.TenantId);
        Assert.Equal((0, 1), (drained.Sent, drained.Suppressed));
        Assert.Single(smtp.Received);
        var stats = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/mails/stats?from=2026-05-01T00:00:00Z&to=2026-07-01T00:00:00Z"));
        Assert.Equal(1, (int)stats["kinds"]!.AsArray().Single(k => (string)k!["kind"]! == "win_back")!["suppressed"]!);
        var timelineAfter = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{meiId}/timeline"));
        Assert.Contains(timelineAfter["data"]!.AsArray(), e => (string)e!["type"]! == "mail.suppressed");
    }

    [Fact]
    public async Task Bad_input_to_the_mail_and_campaign_endpoints_is_a_problem_never_a_500()
    {
        var tenant = await fixture.Anonymous().SignUpAsync();
        var api = tenant.Client;
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await api.GetAsync("/v1/mails/stats?from=yesterday"));
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/mails/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "from");
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/campaigns/win-back/runs?limit=0"), "limit");
        await Expect.ValidationErrorAsync(await api.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en",
            System.Net.Http.Json.JsonContent.Create(new { subject = "Only a subject" })), "htmlBody");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await api.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true, cooldown = 5 })));
        await Expect.ValidationErrorAsync(await api.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true, maxPerRun = 0, offerCode = "no spaces allowed" })), "maxPerRun");
        await Expect.ValidationErrorAsync(await api.PostAsync("/v1/customers", new { kind = "person", name = "Lang", preferredLanguage = "english please" }), "preferredLanguage");
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/campaigns/win-back"));
        Assert.False((bool)settings["enabled"]!); // nothing above changed it
    }

    [Fact]
    public async Task Customers_without_consent_get_their_welcome_suppressed()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var tenant = await app.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", MailTestKit.Person("Quiet Quinn", "quinn@example.com", consent: false)));
        clock.Advance(TimeSpan.FromMinutes(11));
        var drained = await app.DrainAsync(tenant.TenantId);
        Assert.Equal((0, 1), (drained.Sent, drained.Suppressed));
        Assert.Empty(smtp.Received);
        Assert.Equal("no_consent", (await app.MailsAsync(tenant.TenantId)).Single().SuppressedReason);
    }

    [Fact]
    public async Task Templates_are_per_tenant_escape_values_refuse_unknown_placeholders_and_preview()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();

        var builtIn = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/mail-templates/welcome/zh-TW"));
        Assert.False((bool)builtIn["custom"]!);
        Assert.Contains("{{customer.name}}", (string)builtIn["subject"]!);
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.Client.GetAsync("/v1/mail-templates/welcome/fr"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.Client.GetAsync("/v1/mail-templates/newsletter/en"));

        var unknown = await a.Client.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en", System.Net.Http.Json.JsonContent.Create(new
        {
            subject = "Hi {{customer.nickname}}", htmlBody = "<p>{{customer.name}}</p>", textBody = "{{customer.name}}",
        }));
        var problem = await Expect.ValidationErrorAsync(unknown, "subject");
        Assert.Contains("customer.nickname", problem.ToJsonString());

        var agent = await a.InviteAndAcceptAsync(app, "agent");
        var template = new { subject = "Hello {{customer.name}} from {{tenant.name}}", htmlBody = "<p>Hello {{customer.name}}</p><a href=\"{{unsubscribe_url}}\">x</a>", textBody = "Hello {{customer.name}}" };
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await agent.Client.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en", System.Net.Http.Json.JsonContent.Create(template)));
        var saved = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en", System.Net.Http.Json.JsonContent.Create(template)));
        Assert.True((bool)saved["custom"]!);

        var preview = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.PostAsync("/v1/mail-templates/welcome/en/preview", new { }));
        Assert.Equal($"Hello Mei Lin from Company {a.Slug}", (string)preview["subject"]!);
        var draft = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.PostAsync("/v1/mail-templates/win_back/zh-TW/preview", new { textBody = "code {{offer.code}}" }));
        Assert.Equal("code WELCOME-BACK-10", (string)draft["textBody"]!);

        // Tenant B still sees the built-in template: A's wording is A's.
        var bTemplate = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/mail-templates/welcome/en"));
        Assert.False((bool)bTemplate["custom"]!);

        await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", MailTestKit.Person("<b>Tom & \"Jerry\"</b>", "tom@example.com")));
        await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", MailTestKit.Person("Lang Fallback", "fr@example.com", language: "fr")));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(2, (await app.DrainAsync(a.TenantId)).Sent);
        var tom = smtp.Received.Single(m => m.To.Mailboxes.Single().Address == "tom@example.com");
        Assert.Contains("<p>Hello &lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</p>", tom.HtmlBody);
        Assert.Equal("Hello <b>Tom & \"Jerry\"</b>", tom.TextBody!.Trim());
        Assert.StartsWith("Hello Lang Fallback", smtp.Received.Single(m => m.To.Mailboxes.Single().Address == "fr@example.com").Subject);
    }
}

public sealed class ConsentAndTemplatesOnSqlite(SqliteApp app) : ConsentAndTemplateTests(app), IClassFixture<SqliteApp>;

public sealed class ConsentAndTemplatesOnPostgres(PostgresApp app) : ConsentAndTemplateTests(app), IClassFixture<PostgresApp>;
