using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>Create, read, patch, list, search and delete customers, as a partner or the web client does.</summary>
public abstract class CustomersApiTests(CrmApp app)
{
    protected CrmApp App => app;

    internal static object NewCustomer(string name = "Mei Lin", string? email = "mei@example.com", params string[] tags) => new
    {
        kind = "person",
        name,
        email,
        phone = "+886 2 2345 6789",
        birthday = "1990-04-01",
        tags,
        source = "instagram",
        consent = new { email = true, sms = false },
    };

    [Fact]
    public async Task A_customer_goes_through_create_read_patch_list_and_delete()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;

        using var created = await api.PostAsync("/v1/customers", NewCustomer(tags: ["vip", "tea"]));
        var customer = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)customer["id"]!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/v1/customers/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("prospect", (string)customer["lifecycleStage"]!);
        Assert.Equal("1990-04-01", (string)customer["birthday"]!);
        Assert.True((bool)customer["consent"]!["email"]!);
        Assert.EndsWith("Z", (string)customer["createdAt"]!, StringComparison.Ordinal);

        using var read = await api.GetAsync($"/v1/customers/{id}");
        var readBody = await Expect.JsonAsync(HttpStatusCode.OK, read);
        Assert.Equal("Mei Lin", (string)readBody["name"]!);
        Assert.Equal(["vip", "tea"], readBody["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        using var notModified = await api.GetAsync($"/v1/customers/{id}", ("If-None-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var patched = await api.PatchAsync($"/v1/customers/{id}", new { name = "Mei-Ling Lin", phone = (string?)null }, ifMatch: "\"1\"");
        var patchedBody = await Expect.JsonAsync(HttpStatusCode.OK, patched);
        Assert.Equal("Mei-Ling Lin", (string)patchedBody["name"]!);
        Assert.Null(patchedBody["phone"]);
        Assert.Equal("mei@example.com", (string)patchedBody["email"]!);
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);
        Assert.True(DateTime.Parse((string)patchedBody["updatedAt"]!) > DateTime.Parse((string)patchedBody["createdAt"]!));

        var listed = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Equal([id], listed["data"]!.AsArray().Select(c => (string)c!["id"]!));
        Assert.Null(listed["nextCursor"]);

        var searched = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?q=MEI-LING"));
        Assert.Single(searched["data"]!.AsArray());
        var byEmail = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?q=Mei%40Example"));
        Assert.Single(byEmail["data"]!.AsArray());
        var nothing = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?q=nobody"));
        Assert.Empty(nothing["data"]!.AsArray());

        using var deleted = await api.DeleteAsync($"/v1/customers/{id}", ifMatch: "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"/v1/customers/{id}"), "not-found");
        var afterDelete = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Empty(afterDelete["data"]!.AsArray());

        // The deleted customer's email is free again.
        using var again = await api.PostAsync("/v1/customers", NewCustomer());
        var reborn = await Expect.JsonAsync(HttpStatusCode.Created, again);
        Assert.NotEqual(id, (string)reborn["id"]!);
    }

    [Fact]
    public async Task A_duplicate_email_in_any_case_is_a_conflict_naming_the_existing_customer()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var first = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", NewCustomer(email: "Ann@Example.com")));

        var problem = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync("/v1/customers", NewCustomer(name: "Other Ann", email: "ann@EXAMPLE.com")), "duplicate-email");
        Assert.Equal((string)first["id"]!, (string)problem["existingCustomerId"]!);

        var second = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", NewCustomer(name: "Bo", email: "bo@example.com")));
        await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PatchAsync($"/v1/customers/{second["id"]}", new { email = "ANN@example.com" }, "\"1\""), "duplicate-email");

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Equal(2, list["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Updates_and_deletes_need_the_current_etag()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", NewCustomer())))["id"]!;

        await Expect.ProblemAsync((HttpStatusCode)428, await api.PatchAsync($"/v1/customers/{id}", new { name = "X" }, ifMatch: null), "precondition-required");
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.PatchAsync($"/v1/customers/{id}", new { name = "X" }, "\"7\""), "precondition-failed");
        await Expect.ProblemAsync((HttpStatusCode)428, await api.DeleteAsync($"/v1/customers/{id}", ifMatch: null));
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.DeleteAsync($"/v1/customers/{id}", "W/\"1\""));

        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"/v1/customers/{id}", new { name = "Changed once" }, "\"1\""));
        // The first writer's ETag is now stale for the second writer.
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.PatchAsync($"/v1/customers/{id}", new { name = "Lost update" }, "\"1\""));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"/v1/customers/{id}", new { tags = new[] { "b" } }, "*"));

        var current = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{id}"));
        Assert.Equal("Changed once", (string)current["name"]!);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_replays_the_first_response()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var key = ("Idempotency-Key", "create-mei-" + Guid.NewGuid());

        using var first = await api.PostAsync("/v1/customers", NewCustomer(), key);
        var firstBody = await Expect.JsonAsync(HttpStatusCode.Created, first);
        using var retry = await api.PostAsync("/v1/customers", NewCustomer(), key);
        var retryBody = await Expect.JsonAsync(HttpStatusCode.Created, retry);

        Assert.Equal((string)firstBody["id"]!, (string)retryBody["id"]!);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());

        await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity,
            await api.PostAsync("/v1/customers", NewCustomer(name: "Someone else", email: "else@example.com"), key), "idempotency-key-reused");

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Single(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Racing_creates_with_one_idempotency_key_make_one_customer()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var key = ("Idempotency-Key", "race-" + Guid.NewGuid());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostAsync("/v1/customers", NewCustomer(), key)));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            // Either the replay of the winner, or "still in progress" if it was caught mid-flight; never a second customer.
            if (response.StatusCode == HttpStatusCode.Created)
            {
                ids.Add((string)(await Expect.JsonAsync(HttpStatusCode.Created, response))["id"]!);
            }
            else
            {
                await Expect.ProblemAsync(HttpStatusCode.Conflict, response, "idempotency-key-in-use");
            }
        }

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Single(list["data"]!.AsArray());
        Assert.Equal([(string)list["data"]![0]!["id"]!], ids);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeats_or_gaps()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var body = await Expect.JsonAsync(HttpStatusCode.Created,
                await api.PostAsync("/v1/customers", NewCustomer($"Customer {i}", $"c{i}@example.com", i % 2 == 0 ? "even" : "odd")));
            created.Add((string)body["id"]!);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(c => (string)c!["id"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);

        var even = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?tag=even"));
        Assert.Equal(4, even["data"]!.AsArray().Count);
        var prospects = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?stage=prospect&limit=200"));
        Assert.Equal(7, prospects["data"]!.AsArray().Count);
        var loyal = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?stage=loyal"));
        Assert.Empty(loyal["data"]!.AsArray());
    }

    [Fact]
    public async Task UpdatedSince_lists_changes_in_update_order()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var ids = new List<string>();
        foreach (var name in new[] { "First", "Second", "Third" })
        {
            ids.Add((string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", NewCustomer(name, email: null))))["id"]!);
        }

        var since = DateTime.UtcNow.AddMinutes(-10).ToString("O");
        await Task.Delay(20, TestContext.Current.CancellationToken);
        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"/v1/customers/{ids[0]}", new { source = "store" }, "\"1\""));

        // The feed always hands back a cursor to poll with. An empty page means caught up as far as is final: on
        // PostgreSQL another test's open transaction can hold the horizon back for a moment, so poll a little.
        var seen = new List<string>();
        string? cursor = null;
        var polling = System.Diagnostics.Stopwatch.StartNew();
        while (seen.Count < 3 && polling.Elapsed < TimeSpan.FromSeconds(15))
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK,
                await api.GetAsync($"/v1/customers?limit=1&updatedSince={Uri.EscapeDataString(since)}{(cursor is null ? "" : "&cursor=" + cursor)}"));
            var data = page["data"]!.AsArray();
            if (data.Count == 0)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                continue;
            }

            seen.AddRange(data.Select(c => (string)c!["id"]!));
            cursor = (string?)page["nextCursor"];
            Assert.True(seen.Count <= 3, "the feed repeats itself");
        }

        Assert.Equal([ids[1], ids[2], ids[0]], seen);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_refused_with_a_problem()
    {
        var anonymous = app.Anonymous();
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/v1/customers"), "unauthenticated");
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/v1/customers", ("Authorization", "Bearer not-a-token")));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync("/v1/customers", NewCustomer()));
    }
}

public sealed class CustomersApiOnSqlite(SqliteApp app) : CustomersApiTests(app), IClassFixture<SqliteApp>;

public sealed class CustomersApiOnPostgres(PostgresApp app) : CustomersApiTests(app), IClassFixture<PostgresApp>;
