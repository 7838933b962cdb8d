using System.Net;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Mails;

/// <summary>Welcome mails: one per new customer with an email, after the delay, in their language, over real SMTP.</summary>
public abstract class WelcomeMailTests(CrmApp fixture)
{
    [Fact]
    public async Task Every_new_customer_with_an_email_gets_one_welcome_mail_and_replays_get_none()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;

        var created = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/customers", MailTestKit.Person("Mei Lin", "mei@example.com"), ("Idempotency-Key", "mei-1")));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person("Mei Lin", "mei@example.com"), ("Idempotency-Key", "mei-1")));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person("林小明", "ming@example.com", language: "zh-TW")));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", MailTestKit.Person("No Mail", null)));
        var partner = $"/v1/customers/by-external-id/shop-1";
        await Expect.StatusAsync(HttpStatusCode.Created, await api.SendAsync(HttpMethod.Put, partner, System.Net.Http.Json.JsonContent.Create(MailTestKit.Person("Partner Pat", "pat@example.com"))));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, partner, System.Net.Http.Json.JsonContent.Create(MailTestKit.Person("Partner Pat", "pat@example.com"))));
        var batch = await Expect.JsonAsync(HttpStatusCode.OK, await api.PostAsync("/v1/customers/batch", new
        {
            items = new[] { MailTestKit.Person("Batch Bo", "bo@example.com", externalId: "shop-2"), MailTestKit.Person("Partner Pat", "pat@example.com", externalId: "shop-1") },
        }));
        Assert.Equal(["created", "updated"], batch["results"]!.AsArray().Select(r => (string)r!["status"]!));
        Assert.Equal("api", (string)created["consent"]!["emailSource"]!);

        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Sent); // not before the welcome delay
        clock.Advance(TimeSpan.FromMinutes(11));
        var drained = await app.DrainAsync(tenant.TenantId);
        Assert.Equal(4, drained.Sent);
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed);

        var received = smtp.Received.ToList();
        Assert.Equal(["bo@example.com", "mei@example.com", "ming@example.com", "pat@example.com"],
            received.Select(m => m.To.Mailboxes.Single().Address).Order());
        var chinese = received.Single(m => m.To.Mailboxes.Single().Address == "ming@example.com");
        Assert.StartsWith("歡迎加入", chinese.Subject);
        Assert.Contains("林小明", chinese.TextBody);
        var english = received.Single(m => m.To.Mailboxes.Single().Address == "mei@example.com");
        Assert.StartsWith("Welcome to", english.Subject);
        Assert.StartsWith("<https://crm.test/v1/public/unsubscribe?token=", english.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", english.Headers["List-Unsubscribe-Post"]);

        var mails = await app.MailsAsync(tenant.TenantId);
        Assert.Equal(4, mails.Count);
        Assert.All(mails, m => Assert.Equal(MailStatus.Sent, m.Status));
        Assert.Equal(mails.Select(m => m.MessageId).Order(), received.Select(m => m.MessageId).Order());
        Assert.All(mails, m => Assert.StartsWith("OK queued as", m.ProviderMessageId));

        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{created["id"]}/timeline"));
        Assert.Contains(timeline["data"]!.AsArray(), e => (string)e!["type"]! == "mail.sent");

        var stats = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/mails/stats?from=2026-05-01T00:00:00Z&to=2026-07-01T00:00:00Z"));
        var welcome = stats["kinds"]!.AsArray().Single(k => (string)k!["kind"]! == "welcome")!;
        Assert.Equal(4, (int)welcome["sent"]!);
        Assert.Equal(0, (int)welcome["queued"]!);
    }

    [Fact]
    public async Task Mail_waits_while_the_smtp_server_is_down_and_goes_out_once_when_it_is_back()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var tenant = await app.Anonymous().SignUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", MailTestKit.Person($"Guest {i}", $"guest{i}@example.com")));
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        await smtp.StopAsync();
        var down = await app.DrainAsync(tenant.TenantId);
        Assert.Equal(0, down.Sent);
        Assert.Equal(5, down.Retried);
        var waiting = await app.MailsAsync(tenant.TenantId);
        Assert.All(waiting, m => Assert.True(m.Status == MailStatus.Queued && m.Attempts == 1 && m.LastError is not null && m.NextAttemptAt > clock.UtcNow));

        smtp.Start();
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed); // still backing off
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(5, (await app.DrainAsync(tenant.TenantId)).Sent);
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed);
        Assert.Equal(5, smtp.Received.Count);
        Assert.Equal(5, smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_mail_left_sending_by_a_crashed_worker_is_taken_over_after_its_lease()
    {
        await using var smtp = SmtpListener.Started();
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        await using var app = await MailTestKit.AppAsync(fixture, smtp, clock);
        var tenant = await app.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", MailTestKit.Person("Crash Test", "crash@example.com")));
        clock.Advance(TimeSpan.FromMinutes(11));

        // A worker claimed it and died before settling it.
        await app.InStoreAsync(tenant.TenantId, async db =>
        {
            var mail = db.Set<Mail>().Single();
            (mail.Status, mail.ClaimToken, mail.LockedUntil, mail.Attempts) = (MailStatus.Sending, "dead-worker", clock.UtcNow.AddMinutes(5), 1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, (await app.DrainAsync(tenant.TenantId)).Claimed);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await app.DrainAsync(tenant.TenantId)).Sent);
        Assert.Single(smtp.Received);
        Assert.Equal(2, (await app.MailsAsync(tenant.TenantId)).Single().Attempts);
    }

    [Fact]
    public async Task Without_smtp_mails_are_written_to_the_pickup_folder()
    {
        var clock = new TestClock();
        clock.Set(MailTestKit.Start);
        var pickup = Path.Combine(Path.GetTempPath(), "crm-pickup-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = fixture.Sibling(settings: new Dictionary<string, string?> { ["Mail:PickupDirectory"] = pickup }, clock: clock);
        await app.InitializeAsync();
        try
        {
            var tenant = await app.Anonymous().SignUpAsync();
            await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", MailTestKit.Person("Eml Ed", "ed@example.com")));
            clock.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(1, (await app.DrainAsync(tenant.TenantId)).Sent);
            var file = Assert.Single(Directory.GetFiles(pickup, "*.eml"));
            var message = await MimeKit.MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
            Assert.Equal("ed@example.com", message.To.Mailboxes.Single().Address);
            Assert.Equal((await app.MailsAsync(tenant.TenantId)).Single().MessageId, message.MessageId);
        }
        finally
        {
            if (Directory.Exists(pickup))
            {
                Directory.Delete(pickup, recursive: true);
            }
        }
    }
}

public sealed class WelcomeMailOnSqlite(SqliteApp app) : WelcomeMailTests(app), IClassFixture<SqliteApp>;

public sealed class WelcomeMailOnPostgres(PostgresApp app) : WelcomeMailTests(app), IClassFixture<PostgresApp>;
