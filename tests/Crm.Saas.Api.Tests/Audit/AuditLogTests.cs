using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Audit;

/// <summary>Every write is on record, in the tenant's own store, with no secret in it.</summary>
public abstract class AuditLogTests(CrmApp app)
{
    [Fact]
    public async Task Writes_are_recorded_with_actor_action_and_entity_and_reads_are_not()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var created = await Expect.JsonAsync(HttpStatusCode.Created, await owner.Client.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer()));
        var id = (string)created["id"]!;
        await Expect.StatusAsync(HttpStatusCode.OK, await owner.Client.GetAsync($"/v1/customers/{id}"));
        await Expect.StatusAsync(HttpStatusCode.OK, await owner.Client.PatchAsync($"/v1/customers/{id}", new { name = "Renamed" }, "\"1\""));
        await Expect.StatusAsync(HttpStatusCode.PreconditionFailed, await owner.Client.PatchAsync($"/v1/customers/{id}", new { name = "Stale" }, "\"1\""));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.Client.DeleteAsync($"/v1/customers/{id}", "\"2\""));

        var log = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync($"/v1/audit-events?entityType=customers&entityId={id}"));
        var events = log["data"]!.AsArray();
        Assert.Equal(["DeleteCustomer", "UpdateCustomer", "CreateCustomer"], events.Select(e => (string)e!["action"]!)); // newest first; the refused patch left no trace
        Assert.All(events, e =>
        {
            Assert.Equal("user", (string)e!["actorType"]!);
            Assert.Equal(id, (string)e["entityId"]!);
            Assert.False(string.IsNullOrEmpty((string?)e["clientAddress"]));
            Assert.False(string.IsNullOrEmpty((string?)e["requestId"]));
        });
        Assert.Equal([204, 200, 201], events.Select(e => (int)e!["statusCode"]!));
    }

    [Fact]
    public async Task Team_changes_are_recorded_and_no_secret_reaches_the_log()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created,
            await owner.Client.PostAsync("/v1/users/invitations", new { email = "audit-me@x.example.com", role = "agent" }));
        var token = (string)invitation["token"]!;
        const string password = "Very-secret-phrase-31";
        var tokens = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().PostAsync("/v1/invitations/accept", new { token, password }));
        var refresh = (string)tokens["refreshToken"]!;
        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().PostAsync("/v1/auth/refresh", new { refreshToken = refresh }));

        var log = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/audit-events?limit=200"));
        var actions = log["data"]!.AsArray().Select(e => (string)e!["action"]!).ToList();
        Assert.Contains("InviteUser", actions);
        Assert.Contains("AcceptInvitation", actions);

        var serverLog = File.Exists(ServerLogFile.LogFile) ? await File.ReadAllTextAsync(ServerLogFile.LogFile, TestContext.Current.CancellationToken) : "";
        var everything = log.ToJsonString() + serverLog;
        foreach (var secret in new[] { token, password, refresh, owner.Password, (string)tokens["accessToken"]! })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_log_pages_filters_and_belongs_to_one_tenant()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer($"C{i}", $"c{i}@a.example.com")));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/audit-events?limit=2&entityType=customers{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(e => (string)e!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        Assert.Equal(5, seen.Distinct().Count());

        var future = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/audit-events?from={future}")))["data"]!.AsArray());
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/audit-events?actorId={Guid.NewGuid()}")))["data"]!.AsArray());
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/audit-events?entityType=customers")))["data"]!.AsArray());
        await Expect.ValidationErrorAsync(await a.Client.GetAsync("/v1/audit-events?actorId=me"), "actorId");
        await Expect.ValidationErrorAsync(await a.Client.GetAsync("/v1/audit-events?from=soon"), "from");
    }
}

public sealed class AuditLogOnSqlite(SqliteApp app) : AuditLogTests(app), IClassFixture<SqliteApp>;

public sealed class AuditLogOnPostgres(PostgresApp app) : AuditLogTests(app), IClassFixture<PostgresApp>;
