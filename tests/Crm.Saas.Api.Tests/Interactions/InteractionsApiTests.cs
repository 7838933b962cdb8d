using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Contacts;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Interactions;

/// <summary>Logging calls, visits and notes against a customer, and reading them back newest first.</summary>
public abstract class InteractionsApiTests(CrmApp app)
{
    internal static object NewInteraction(DateTimeOffset occurredAt, string summary = "Asked about the spring price list.", string type = "call", string? contactId = null) =>
        new { type, direction = "inbound", summary, occurredAt, contactId };

    [Fact]
    public async Task An_interaction_is_logged_with_its_recorder_and_read_back()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var contactId = await ContactsApiTests.AddContactAsync(api, customerId, ContactsApiTests.NewContact());
        var occurredAt = new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(8));

        using var created = await api.PostAsync($"/v1/customers/{customerId}/interactions",
            new { type = "visit", direction = "outbound", summary = "  Showed the new oolongs.  ", occurredAt, contactId });
        var interaction = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)interaction["id"]!;
        Assert.Equal($"/v1/interactions/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("visit", (string)interaction["type"]!);
        Assert.Equal("outbound", (string)interaction["direction"]!);
        Assert.Equal("Showed the new oolongs.", (string)interaction["summary"]!);
        Assert.Equal(contactId, (string)interaction["contactId"]!);
        Assert.Equal("2026-03-02T02:30:00Z", (string)interaction["occurredAt"]!); // stored and shown in UTC

        var ownerId = (string)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/users")))["data"]!.AsArray()
            .Single(m => (string)m!["email"]! == tenant.Email)!["userId"]!;
        Assert.Equal("user", (string)interaction["recordedBy"]!["type"]!);
        Assert.Equal(ownerId, (string)interaction["recordedBy"]!["id"]!);

        using var read = await api.GetAsync($"/v1/interactions/{id}");
        var readBody = await Expect.JsonAsync(HttpStatusCode.OK, read);
        Assert.True(JsonNode.DeepEquals(interaction, readBody), $"{interaction} vs {readBody}");
        using var notModified = await api.GetAsync($"/v1/interactions/{id}", ("If-None-Match", read.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_list_is_newest_first_by_when_it_happened_and_pages_without_gaps()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        // Logged out of order, and two at the same instant: the order is by time, then by id.
        var offsets = new[] { 3, 1, 4, 1, 5, 9, 2, 6 };
        var logged = new List<(DateTimeOffset At, string Id)>();
        foreach (var days in offsets)
        {
            var at = start.AddDays(days);
            var body = await Expect.JsonAsync(HttpStatusCode.Created,
                await api.PostAsync($"/v1/customers/{customerId}/interactions", NewInteraction(at, $"Day {days}")));
            logged.Add((at, (string)body["id"]!));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK,
                await api.GetAsync($"/v1/customers/{customerId}/interactions?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(i => (string)i!["id"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(logged.OrderByDescending(l => l.At).ThenByDescending(l => Guid.Parse(l.Id)).Select(l => l.Id), seen);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_logs_nothing()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var otherCustomer = await ContactsApiTests.CreateOrganizationAsync(api, "Globex");
        var othersContact = await ContactsApiTests.AddContactAsync(api, otherCustomer, ContactsApiTests.NewContact());
        var interactions = $"/v1/customers/{customerId}/interactions";
        var now = DateTimeOffset.UtcNow;

        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now, new string('x', 4001))), "summary");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now, "   ")), "summary");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now.AddMinutes(10))), "occurredAt");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, new { type = "call", direction = "inbound", summary = "No time" }), "occurredAt");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now, type: "telegram")), "type");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, new { type = "note", summary = "x", occurredAt = now }), "direction");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now, contactId: othersContact)), "contactId");
        await Expect.ValidationErrorAsync(await api.PostAsync(interactions, NewInteraction(now, contactId: Guid.CreateVersion7().ToString())), "contactId");
        await Expect.ValidationErrorAsync(await api.GetAsync($"{interactions}?limit=201"), "limit");

        // A little clock skew is accepted.
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync(interactions, NewInteraction(now.AddMinutes(2))));
        Assert.Single((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(interactions)))["data"]!.AsArray());
        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}/timeline?types=interaction.logged"));
        Assert.Single(timeline["data"]!.AsArray());
    }

    [Fact]
    public async Task A_retried_log_with_the_same_idempotency_key_records_one_interaction()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var key = ("Idempotency-Key", "call-" + Guid.NewGuid());
        var body = NewInteraction(DateTimeOffset.UtcNow.AddHours(-1));

        var first = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{customerId}/interactions", body, key));
        var retry = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{customerId}/interactions", body, key));
        Assert.Equal((string)first["id"]!, (string)retry["id"]!);
        Assert.Single((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}/interactions")))["data"]!.AsArray());
    }

    [Fact]
    public async Task Another_tenants_ids_and_deleted_customers_are_404()
    {
        var a = (await app.Anonymous().SignUpAsync()).Client;
        var b = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(a);
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await a.PostAsync($"/v1/customers/{customerId}/interactions", NewInteraction(DateTimeOffset.UtcNow))))["id"]!;

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/interactions/{id}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/customers/{customerId}/interactions"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound,
            await b.PostAsync($"/v1/customers/{customerId}/interactions", NewInteraction(DateTimeOffset.UtcNow)), "not-found");
        Assert.Single((await Expect.JsonAsync(HttpStatusCode.OK, await a.GetAsync($"/v1/customers/{customerId}/interactions")))["data"]!.AsArray());

        await Expect.StatusAsync(HttpStatusCode.NoContent, await a.DeleteAsync($"/v1/customers/{customerId}", "\"1\""));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync($"/v1/interactions/{id}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync($"/v1/customers/{customerId}/interactions"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound,
            await a.PostAsync($"/v1/customers/{customerId}/interactions", NewInteraction(DateTimeOffset.UtcNow)), "not-found");
    }
}

public sealed class InteractionsApiOnSqlite(SqliteApp app) : InteractionsApiTests(app), IClassFixture<SqliteApp>;

public sealed class InteractionsApiOnPostgres(PostgresApp app) : InteractionsApiTests(app), IClassFixture<PostgresApp>;
