using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>What a partner's sync needs: its own ids, upserts, batches, and a change feed it can trust.</summary>
public abstract class PartnerSyncTests(CrmApp app)
{
    [Fact]
    public async Task A_partner_upserts_a_customer_under_its_own_id()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;

        using var created = await api.SendAsync(HttpMethod.Put, "/v1/customers/by-external-id/shop-1",
            System.Net.Http.Json.JsonContent.Create(new { kind = "person", name = "Ann", email = "ann@example.com", tags = new[] { "web" } }));
        var first = await Expect.JsonAsync(HttpStatusCode.Created, created);
        Assert.Equal("shop-1", (string)first["externalId"]!);
        Assert.Equal($"/v1/customers/{first["id"]}", created.Headers.Location?.OriginalString);

        using var replaced = await api.SendAsync(HttpMethod.Put, "/v1/customers/by-external-id/shop-1",
            System.Net.Http.Json.JsonContent.Create(new { kind = "person", name = "Ann Lee" }));
        var second = await Expect.JsonAsync(HttpStatusCode.OK, replaced);
        Assert.Equal((string)first["id"]!, (string)second["id"]!);
        Assert.Equal("Ann Lee", (string)second["name"]!);
        Assert.Null(second["email"]); // PUT replaces: what is not sent is cleared
        Assert.Equal("\"2\"", replaced.Headers.ETag?.Tag);

        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.SendAsync(HttpMethod.Put, "/v1/customers/by-external-id/shop-1",
            System.Net.Http.Json.JsonContent.Create(new { kind = "person", name = "Stale" }), ("If-Match", "\"1\"")));
        await Expect.ValidationErrorAsync(await api.SendAsync(HttpMethod.Put, "/v1/customers/by-external-id/shop-1",
            System.Net.Http.Json.JsonContent.Create(new { kind = "person", name = "X", externalId = "shop-2" })), "externalId");

        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = "Bo", externalId = "shop-2" }));
        var duplicate = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync("/v1/customers", new { kind = "person", name = "Bo again", externalId = "shop-2" }), "duplicate-external-id");
        Assert.NotNull(duplicate["existingCustomerId"]);
    }

    [Fact]
    public async Task A_batch_upserts_each_item_on_its_own_and_answers_in_order()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var byExternal = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = "Old name", externalId = "p-1" }));
        var byEmail = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = "Cy", email = "cy@example.com" }));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = "Di", email = "di@example.com" }));

        var items = new object[]
        {
            new { kind = "person", name = "New name", externalId = "p-1" },
            new { kind = "organization", name = "Fresh Co", externalId = "p-2" },
            new { kind = "person", name = "Cy Updated", email = "CY@example.com" },
            new { kind = "person", name = "Broken", email = "not-an-email" },
            new { kind = "person", name = "Takes Di's email", externalId = "p-3", email = "di@example.com" },
            new { kind = "person", name = "No keys at all" },
        };
        var response = await Expect.JsonAsync(HttpStatusCode.OK, await api.PostAsync("/v1/customers/batch", new { items }));
        var results = response["results"]!.AsArray();

        Assert.Equal(["updated", "created", "updated", "error", "error", "created"], results.Select(r => (string)r!["status"]!));
        Assert.Equal(Enumerable.Range(0, 6), results.Select(r => (int)r!["index"]!));
        Assert.Equal((string)byExternal["id"]!, (string)results[0]!["id"]!);
        Assert.Equal((string)byEmail["id"]!, (string)results[2]!["id"]!);
        Assert.Equal("https://crm-saas.dev/problems/validation", (string)results[3]!["problem"]!["type"]!);
        Assert.NotNull(results[3]!["problem"]!["errors"]!["email"]);
        Assert.Equal("https://crm-saas.dev/problems/duplicate-email", (string)results[4]!["problem"]!["type"]!);

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?limit=200"));
        var names = list["data"]!.AsArray().Select(c => (string)c!["name"]!).Order().ToList();
        Assert.Equal(["Cy Updated", "Di", "Fresh Co", "New name", "No keys at all"], names);

        await Expect.ValidationErrorAsync(await api.PostAsync("/v1/customers/batch", new { items = Enumerable.Range(0, 101).Select(i => new { kind = "person", name = $"N{i}" }) }), "items");
        await Expect.ValidationErrorAsync(await api.PostAsync("/v1/customers/batch", new { items = Array.Empty<object>() }), "items");
    }

    [Fact]
    public async Task The_change_feed_carries_deletions_as_tombstones_and_resumes_from_its_cursor()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var since = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(-1).ToString("O"));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = $"F{i}" })))["id"]!);
        }

        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/customers/{ids[1]}", "\"1\""));
        var (seen, cursor) = await FollowAsync(api, $"/v1/customers?updatedSince={since}&limit=2", null, expected: 3);
        Assert.Equal([ids[0], ids[2], ids[1]], seen.Select(c => (string)c["id"]!));
        Assert.True((bool)seen[^1]["deleted"]!);
        Assert.False((bool)seen[0]["deleted"]!);

        var (nothingNew, sameCursor) = await FollowAsync(api, $"/v1/customers?updatedSince={since}&limit=2", cursor, expected: 0);
        Assert.Empty(nothingNew);
        Assert.Equal(cursor, sameCursor);

        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"/v1/customers/{ids[0]}", new { name = "F0 changed" }, "\"1\""));
        var (changed, _) = await FollowAsync(api, $"/v1/customers?updatedSince={since}&limit=2", cursor, expected: 1);
        Assert.Equal("F0 changed", (string)Assert.Single(changed)["name"]!);

        // Ordinary lists still hide the deleted customer.
        var live = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.DoesNotContain(ids[1], live.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_following_the_feed_during_concurrent_writes_sees_every_change_exactly_once()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var since = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(-1).ToString("O"));
        var feed = $"/v1/customers?updatedSince={since}&limit=7";
        var delivered = new List<JsonObject>();
        string? cursor = null;
        var writing = Task.WhenAll(Enumerable.Range(0, 3).Select(writer => WriteAsync(api, writer, 30)));

        while (!writing.IsCompleted)
        {
            var (page, next) = await FollowOnceAsync(api, feed, cursor);
            delivered.AddRange(page);
            cursor = next;
        }

        await writing;
        var truth = await FinalStatesAsync(tenant);
        var watch = Stopwatch.StartNew();
        while (!Matches(LastSeen(delivered), truth) && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            var (page, next) = await FollowOnceAsync(api, feed, cursor);
            delivered.AddRange(page);
            cursor = next;
            if (page.Count == 0)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        var changes = delivered.Select(c => ((string)c["id"]!, (string)c["updatedAt"]!, (bool)c["deleted"]!)).ToList();
        Assert.Equal(changes.Count, changes.Distinct().Count()); // no change delivered twice
        Assert.True(Matches(LastSeen(delivered), truth), "the feed's last word on some customer is not its final state");
        Assert.True(truth.Count >= 60, $"only {truth.Count} customers were written");
    }

    private static async Task WriteAsync(CrmClient api, int writer, int count)
    {
        var mine = new List<(string Id, int Version)>();
        for (var i = 0; i < count; i++)
        {
            if (i % 3 == 2 && mine.Count > 0)
            {
                var (id, version) = mine[^1];
                mine.RemoveAt(mine.Count - 1);
                var response = i % 2 == 0
                    ? await api.DeleteAsync($"/v1/customers/{id}", $"\"{version}\"")
                    : await api.PatchAsync($"/v1/customers/{id}", new { name = $"w{writer}-{i}-changed" }, $"\"{version}\"");
                Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
            }

            var created = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = $"w{writer}-{i}" }));
            mine.Add(((string)created["id"]!, 1));
        }
    }

    private async Task<Dictionary<string, (string UpdatedAt, bool Deleted)>> FinalStatesAsync(TenantSession tenant)
    {
        var info = await app.WithCatalogAsync(async c => (await c.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.TenantId)).ToInfo());
        await using var db = app.Services.GetRequiredService<TenantDatabases>().Open(info);
        var rows = await db.Customers.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        return rows.ToDictionary(c => c.Id.ToString(), c => (Api.Features.Customers.CustomerResponse.From(c).UpdatedAt.ToString("O"), c.DeletedAt is not null));
    }

    private static Dictionary<string, (string UpdatedAt, bool Deleted)> LastSeen(List<JsonObject> delivered)
    {
        var last = new Dictionary<string, (string, bool)>();
        foreach (var customer in delivered)
        {
            last[(string)customer["id"]!] = (DateTime.Parse((string)customer["updatedAt"]!, null, System.Globalization.DateTimeStyles.RoundtripKind).ToString("O"), (bool)customer["deleted"]!);
        }

        return last;
    }

    private static bool Matches(Dictionary<string, (string, bool)> seen, Dictionary<string, (string, bool)> truth) =>
        seen.Count == truth.Count && truth.All(t => seen.TryGetValue(t.Key, out var s) && s == t.Value);

    private static async Task<(List<JsonObject> Page, string Cursor)> FollowOnceAsync(CrmClient api, string path, string? cursor)
    {
        var page = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(path + (cursor is null ? "" : "&cursor=" + cursor)));
        return (page["data"]!.AsArray().Select(c => c!.AsObject()).ToList(), (string)page["nextCursor"]!);
    }

    /// <summary>
    /// Follows the feed to an empty page, polling briefly until <paramref name="expected"/> changes have arrived: on
    /// PostgreSQL another test's open transaction can hold the feed's horizon back for a moment.
    /// </summary>
    private static async Task<(List<JsonObject> Seen, string? Cursor)> FollowAsync(CrmClient api, string path, string? cursor, int expected)
    {
        var seen = new List<JsonObject>();
        var polling = Stopwatch.StartNew();
        while (true)
        {
            var (page, next) = await FollowOnceAsync(api, path, cursor);
            seen.AddRange(page);
            cursor = next;
            if (page.Count == 0)
            {
                if (seen.Count >= expected || polling.Elapsed > TimeSpan.FromSeconds(15))
                {
                    return (seen, cursor);
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }
}

public sealed class PartnerSyncOnSqlite(SqliteApp app) : PartnerSyncTests(app), IClassFixture<SqliteApp>;

public sealed class PartnerSyncOnPostgres(PostgresApp app) : PartnerSyncTests(app), IClassFixture<PostgresApp>;
