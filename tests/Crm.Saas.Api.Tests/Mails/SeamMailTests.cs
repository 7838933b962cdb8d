using System.Net;
using System.Net.Http.Json;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Tests.Complaints;
using Crm.Saas.Api.Tests.Loyalty;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Crm.Saas.Api.Tests.Mails;

/// <summary>
/// The mails the other features hand to the outbox, over real SMTP: the points balance in a mail, the complaint
/// survey (transactional) and the points-expiring notice (marketing), each queued by its job run twice.
/// </summary>
public abstract class SeamMailTests(CrmApp fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Kind(MimeMessage message) => message.Headers["X-Crm-Mail-Kind"]!;

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    [Fact]
    public async Task A_mail_shows_the_balance_the_customer_sees_in_their_loyalty_account()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var template = new { subject = "Welcome {{customer.name}}", htmlBody = "<p>You have {{points.balance}} points.</p>", textBody = "You have {{points.balance}} points." };
        await Expect.StatusAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en", JsonContent.Create(template)));

        var mei = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person("Mei Lin", "mei@example.com"))))["id"]!;
        var bo = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person("Bo Chen", "bo@example.com"))))["id"]!;
        await LoyaltyKit.GrantAsync(api, mei, 1234);
        await Expect.StatusAsync(HttpStatusCode.Created, await LoyaltyKit.RedeemAsync(api, mei, 34, key: "redeem-1"));
        clock.Advance(TimeSpan.FromMinutes(11));
        var balance = await LoyaltyKit.BalanceAsync(api, mei);
        Assert.Equal(1200, balance);

        Assert.Equal(2, (await app.DrainAsync(tenant.TenantId)).Sent);
        var toMei = smtp.Received.Single(m => To(m) == "mei@example.com");
        Assert.Equal($"You have {balance} points.", toMei.TextBody?.Trim());
        Assert.Contains("<p>You have 1200 points.</p>", toMei.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("You have 0 points.", smtp.Received.Single(m => To(m) == "bo@example.com").TextBody?.Trim()); // no account yet
        Assert.Equal(0, await LoyaltyKit.BalanceAsync(api, bo));
    }

    [Fact]
    public async Task The_survey_goes_once_without_marketing_consent_or_unsubscribe_headers_but_not_to_whoever_unsubscribed()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock, new Dictionary<string, string?>
        {
            ["Complaints:PublicBaseUrl"] = "https://crm.test",
            ["Auth:AccessTokenLifetime"] = "3650.00:00:00", // the clock moves hours ahead
        });
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        async Task<string> CustomerAsync(object body) =>
            (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", body)))["id"]!;

        var mei = await CustomerAsync(MailTestKit.Person("Mei Lin", "mei@example.com", consent: false));
        var ming = await CustomerAsync(MailTestKit.Person("林小明", "ming@example.com", consent: false, language: "zh-TW"));
        var una = await CustomerAsync(MailTestKit.Person("Una Out", "una@example.com"));
        var nomail = await CustomerAsync(MailTestKit.Person("No Mail", null));
        var harbour = await CustomerAsync(new { kind = "organization", name = "Harbour Ltd", email = "office@harbour.example", consent = new { email = false, sms = false } });
        var ann = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{harbour}/contacts",
            new { name = "Ann Lee", role = "buyer", email = "ann@harbour.example", isPrimary = true }, ("Idempotency-Key", "ann"))))["id"]!;

        // Una unsubscribes with the link of a marketing mail (her welcome mail).
        var unsubscribe = app.Services.GetRequiredService<UnsubscribeTokens>().Issue(tenant.TenantId, Guid.Parse(una));
        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().PostRawAsync($"/v1/public/unsubscribe?token={unsubscribe}",
            "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"));

        var complaints = new Dictionary<string, string>();
        foreach (var customer in new[] { mei, ming, una, nomail })
        {
            complaints[customer] = await ComplaintKit.InStatusAsync(api, customer, ComplaintStatus.Resolved);
        }

        var forAnn = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/complaints", ComplaintKit.NewComplaint(harbour, contactId: ann))))["id"]!;
        foreach (var action in new[] { "acknowledge", "start", "resolve" })
        {
            await ComplaintKit.ActAsync(api, forAnn, action, action == "resolve" ? ComplaintKit.Resolution() : null);
        }

        complaints[harbour] = forAnn;
        await app.DrainAsync(tenant.TenantId); // nothing due yet: the welcome mails wait 10 minutes, surveys an hour
        Assert.Empty(smtp.Received);

        var job = app.Services.GetRequiredService<ComplaintSlaJob>();
        var info = await app.TenantAsync(tenant.TenantId);
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(4, (await job.RunForTenantAsync(info, clock.UtcNow, Cancel)).SurveysHandedOver); // not the one without an email
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await job.RunForTenantAsync(info, clock.UtcNow, Cancel)).SurveysHandedOver);
        await app.DrainAsync(tenant.TenantId);
        clock.Advance(TimeSpan.FromMinutes(5));
        await job.RunForTenantAsync(info, clock.UtcNow, Cancel);
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed);

        var surveys = smtp.Received.Where(m => Kind(m) == "survey").ToList();
        Assert.Equal(["ann@harbour.example", "mei@example.com", "ming@example.com"], surveys.Select(To).Order());
        foreach (var (customer, recipient) in new[] { (mei, "mei@example.com"), (ming, "ming@example.com"), (harbour, "ann@harbour.example") })
        {
            var complaint = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{complaints[customer]}"));
            var url = ComplaintKit.SurveyPath(complaint);
            Assert.StartsWith("https://crm.test/v1/surveys/", url);
            Assert.NotNull((DateTime?)complaint["survey"]!["sentAt"]);
            var mail = surveys.Single(m => To(m) == recipient);
            Assert.Contains(url, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"href=\"{url}\"", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Null(mail.Headers["List-Unsubscribe"]); // transactional
            Assert.Null(mail.Headers["List-Unsubscribe-Post"]);

            // The link in the mail works.
            var question = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync(new Uri(url).PathAndQuery));
            Assert.False((bool)question["answered"]!);
        }

        Assert.StartsWith("How did we do, Mei Lin", surveys.Single(m => To(m) == "mei@example.com").Subject);
        Assert.StartsWith("林小明，請為我們的服務評分", surveys.Single(m => To(m) == "ming@example.com").Subject);
        Assert.Contains("Harbour Ltd", surveys.Single(m => To(m) == "ann@harbour.example").Subject);

        // Una unsubscribed: her survey is suppressed, never sent. The customer without an email has nothing queued and
        // the survey waits unsent.
        var mails = (await app.MailsAsync(tenant.TenantId)).Where(m => m.Kind == MailKind.Survey).ToList();
        Assert.Equal(4, mails.Count);
        var unas = mails.Single(m => m.CustomerId == Guid.Parse(una));
        Assert.Equal((MailStatus.Suppressed, "unsubscribed"), (unas.Status, unas.SuppressedReason));
        Assert.DoesNotContain(smtp.Received, m => To(m) == "una@example.com");
        Assert.All(mails.Where(m => m != unas), m => Assert.Equal(MailStatus.Sent, m.Status));
        Assert.All(mails, m => Assert.StartsWith($"survey:{complaints[m.CustomerId.ToString()]}:", m.DedupeKey, StringComparison.Ordinal));
        var waiting = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{complaints[nomail]}"));
        Assert.Null((DateTime?)waiting["survey"]!["sentAt"]);

        // Reopened and resolved again: the old link is void, a new survey mail carries the new one.
        var complaint1 = complaints[mei];
        await ComplaintKit.ActAsync(api, complaint1, "reopen");
        await ComplaintKit.ActAsync(api, complaint1, "resolve", ComplaintKit.Resolution());
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, (await job.RunForTenantAsync(info, clock.UtcNow, Cancel)).SurveysHandedOver);
        Assert.Equal(1, (await app.DrainAsync(tenant.TenantId)).Sent);
        var again = smtp.Received.Where(m => Kind(m) == "survey" && To(m) == "mei@example.com").ToList();
        Assert.Equal(2, again.Count);
        var newUrl = ComplaintKit.SurveyPath(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{complaint1}")));
        Assert.Contains(newUrl, again[1].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(newUrl, again[0].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missed_sla_target_is_mailed_once_to_the_assignee_and_the_admins_whatever_the_customers_consent()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start); // Monday 1 June 2026, 09:00 UTC
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock,
            new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = "3650.00:00:00" });
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var agent = await tenant.InviteAndAcceptAsync(app, "agent");
        await tenant.InviteAndAcceptAsync(app, "agent"); // another agent: not notified
        var members = (await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/users")))["data"]!.AsArray();
        var agentId = (string)members.Single(m => (string)m!["email"]! == agent.Email)!["userId"]!;
        var customer = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/customers", MailTestKit.Person("Mei Lin", "mei@example.com", consent: false))))["id"]!;
        clock.Set(MailTestKit.Start.AddHours(1));
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/complaints",
            ComplaintKit.NewComplaint(customer, severity: 4, assigneeUserId: agentId, subject: "Tin arrived crushed"))))["id"]!;

        var job = app.Services.GetRequiredService<ComplaintSlaJob>();
        var info = await app.TenantAsync(tenant.TenantId);
        clock.Set(MailTestKit.Start.AddHours(2).AddMinutes(1)); // first response was due at 11:00
        Assert.Equal(1, (await job.RunForTenantAsync(info, clock.UtcNow, Cancel)).FirstResponseBreaches);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await job.RunForTenantAsync(info, clock.UtcNow, Cancel)).FirstResponseBreaches);
        await app.DrainAsync(tenant.TenantId);
        await job.RunForTenantAsync(info, clock.UtcNow, Cancel);
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed);

        var breaches = smtp.Received.Where(m => Kind(m) == "sla_breach").ToList();
        Assert.Equal(new[] { agent.Email, tenant.Email }.Order(), breaches.Select(To).Order());
        Assert.All(breaches, m =>
        {
            Assert.Equal("SLA missed: Tin arrived crushed (Mei Lin)", m.Subject);
            Assert.Contains("missed its first response target (due 2026-06-01 11:00 UTC)", m.TextBody, StringComparison.Ordinal);
            Assert.Contains(id, m.TextBody, StringComparison.Ordinal);
            Assert.Null(m.Headers["List-Unsubscribe"]);
        });
        Assert.DoesNotContain(smtp.Received, m => To(m) == "mei@example.com"); // her welcome mail: no consent
        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customer}/timeline"));
        Assert.DoesNotContain(timeline["data"]!.AsArray(), e => (string)e!["type"]! == "mail.sent"); // staff mail is not the customer's
        Assert.Contains(timeline["data"]!.AsArray(), e => (string)e!["type"]! == SlaBreaches.EventType);
    }

    [Fact]
    public async Task Expiring_points_are_noticed_once_per_expiry_date_with_consent_and_unsubscribe_headers()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start); // 1 June 2026
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock,
            new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = "3650.00:00:00" }); // the clock moves months ahead
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(validityMonths: 1)); // points earned in June expire on 1 August
        async Task<string> CustomerAsync(object body) =>
            (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", body)))["id"]!;

        var mei = await CustomerAsync(MailTestKit.Person("Mei Lin", "mei@example.com"));
        var ming = await CustomerAsync(MailTestKit.Person("林小明", "ming@example.com", language: "zh-TW"));
        var nope = await CustomerAsync(MailTestKit.Person("No Consent", "nope@example.com", consent: false));
        foreach (var customer in new[] { mei, ming, nope })
        {
            await LoyaltyKit.GrantAsync(api, customer, 300);
        }

        clock.Set(new DateTime(2026, 7, 5, 9, 0, 0, DateTimeKind.Utc));
        await LoyaltyKit.GrantAsync(api, mei, 200); // expires 1 September: outside the 30-day window for now
        var nightly = app.Services.GetRequiredService<PointsExpiry>();
        var info = await app.TenantAsync(tenant.TenantId);

        // 1 August is within 30 days of 5 July: two nights in a row, one notice each.
        await nightly.RunForTenantAsync(info, clock.UtcNow, Cancel);
        await app.DrainAsync(tenant.TenantId);
        clock.Advance(TimeSpan.FromDays(1));
        await nightly.RunForTenantAsync(info, clock.UtcNow, Cancel);
        await app.DrainAsync(tenant.TenantId);

        var notices = smtp.Received.Where(m => Kind(m) == "points_expiring").ToList();
        Assert.Equal(["mei@example.com", "ming@example.com"], notices.Select(To).Order());
        var toMei = notices.Single(m => To(m) == "mei@example.com");
        Assert.Equal("300 of your " + info.Name + " points expire soon", toMei.Subject);
        Assert.Contains("300 points of your balance of 500 expire soon, the first on 2026-08-01.", toMei.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>300 points</strong>", toMei.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(300, (long)(await LoyaltyKit.SummaryAsync(api, mei))["expiring"]!["within30Days"]!);
        Assert.StartsWith("<https://crm.test/v1/public/unsubscribe?token=", toMei.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", toMei.Headers["List-Unsubscribe-Post"]);
        var toMing = notices.Single(m => To(m) == "ming@example.com");
        Assert.StartsWith("您在", toMing.Subject);
        Assert.Contains("有 300 點即將到期，最早於 2026-08-01 到期", toMing.TextBody, StringComparison.Ordinal);

        var mails = (await app.MailsAsync(tenant.TenantId)).Where(m => m.Kind == MailKind.PointsExpiring).ToList();
        Assert.Equal(3, mails.Count);
        Assert.Equal(("no_consent", MailStatus.Suppressed), mails.Where(m => m.CustomerId == Guid.Parse(nope)).Select(m => (m.SuppressedReason, m.Status)).Single());
        Assert.Contains(mails, m => m.DedupeKey == $"points_expiring:{mei}:2026-08-01");

        // After 1 August the first lot is gone; Mei's September lot enters the window and gets its own notice, once.
        clock.Set(new DateTime(2026, 8, 2, 9, 0, 0, DateTimeKind.Utc));
        await nightly.RunForTenantAsync(info, clock.UtcNow, Cancel);
        clock.Advance(TimeSpan.FromDays(1));
        await nightly.RunForTenantAsync(info, clock.UtcNow, Cancel);
        Assert.Equal(1, (await app.DrainAsync(tenant.TenantId)).Sent);
        var september = smtp.Received.Where(m => Kind(m) == "points_expiring" && To(m) == "mei@example.com").ToList();
        Assert.Equal(2, september.Count);
        Assert.Contains("200 points of your balance of 200 expire soon, the first on 2026-09-01.", september[1].TextBody, StringComparison.Ordinal);
        Assert.Equal(200, await LoyaltyKit.BalanceAsync(api, mei));

        // Once she unsubscribes, nothing more of this kind reaches her.
        var unsubscribe = app.Services.GetRequiredService<UnsubscribeTokens>().Issue(tenant.TenantId, Guid.Parse(mei));
        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().PostRawAsync($"/v1/public/unsubscribe?token={unsubscribe}",
            "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"));
        await LoyaltyKit.GrantAsync(api, mei, 50); // expires 1 October
        clock.Set(new DateTime(2026, 9, 5, 9, 0, 0, DateTimeKind.Utc));
        await nightly.RunForTenantAsync(info, clock.UtcNow, Cancel);
        var last = await app.DrainAsync(tenant.TenantId);
        Assert.Equal((0, 1), (last.Sent, last.Suppressed));
        Assert.Equal("unsubscribed", (await app.MailsAsync(tenant.TenantId)).Single(m => m.DedupeKey == $"points_expiring:{mei}:2026-10-01").SuppressedReason);
        Assert.Equal(2, smtp.Received.Count(m => Kind(m) == "points_expiring" && To(m) == "mei@example.com"));
    }
}

public sealed class SeamMailOnSqlite(SqliteApp app) : SeamMailTests(app), IClassFixture<SqliteApp>;

public sealed class SeamMailOnPostgres(PostgresApp app) : SeamMailTests(app), IClassFixture<PostgresApp>;
