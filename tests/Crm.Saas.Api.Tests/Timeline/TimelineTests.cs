using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Contacts;
using Crm.Saas.Api.Tests.Interactions;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Timeline;

/// <summary>One time-ordered view of everything that happened to a customer, whoever wrote it.</summary>
public abstract class TimelineTests(CrmApp app)
{
    protected CrmApp App => app;

    [Fact]
    public async Task Mixed_events_come_newest_first_by_when_they_happened_and_page_without_gaps()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var timeline = $"/v1/customers/{customerId}/timeline";
        var now = DateTimeOffset.UtcNow;

        await LogAsync(api, customerId, now.AddDays(-2), "Two days ago");
        var ann = await ContactsApiTests.AddContactAsync(api, customerId, ContactsApiTests.NewContact(isPrimary: true));
        await LogAsync(api, customerId, now.AddHours(-1), "An hour ago");
        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"/v1/customers/{customerId}", new { name = "Acme Tea Group" }, "\"1\""));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"{ContactsOf(customerId)}/{ann}", new { title = "CEO" }, "\"1\""));
        await LogAsync(api, customerId, now.AddMinutes(3), "Logged slightly ahead of the server clock");
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"{ContactsOf(customerId)}/{ann}", "\"2\""));

        var seen = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{timeline}?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"));
            Assert.InRange(page["data"]!.AsArray().Count, 1, 3);
            seen.AddRange(page["data"]!.AsArray().Select(e => e!.DeepClone()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(
            ["interaction.logged", "contact.removed", "contact.updated", "customer.updated", "contact.added", "customer.created", "interaction.logged", "interaction.logged"],
            seen.Select(e => (string)e["type"]!));
        Assert.Equal(["call (inbound): Logged slightly ahead of the server clock", "call (inbound): An hour ago", "call (inbound): Two days ago"],
            seen.Where(e => (string)e["type"]! == "interaction.logged").Select(e => (string)e["summary"]!));
        Assert.Equal(seen.Count, seen.Select(e => (string)e["id"]!).Distinct().Count());

        var added = seen.Single(e => (string)e["type"]! == "contact.added");
        Assert.Equal("contact", (string)added["entityType"]!);
        Assert.Equal(ann, (string)added["entityId"]!);
        Assert.True((bool)added["data"]!["isPrimary"]!); // data is a JSON object, not a string
        var updated = seen.Single(e => (string)e["type"]! == "contact.updated");
        Assert.Equal(["title"], updated["data"]!["changed"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task Types_keep_only_the_named_events_and_bad_paging_is_a_400()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var timeline = $"/v1/customers/{customerId}/timeline";
        await ContactsApiTests.AddContactAsync(api, customerId, ContactsApiTests.NewContact());
        await LogAsync(api, customerId, DateTimeOffset.UtcNow.AddMinutes(-5), "Call");
        await LogAsync(api, customerId, DateTimeOffset.UtcNow.AddMinutes(-4), "Visit");

        var calls = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{timeline}?types=interaction.logged&limit=1"));
        Assert.Equal(["interaction.logged"], calls["data"]!.AsArray().Select(e => (string)e!["type"]!));
        var rest = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{timeline}?types=interaction.logged&cursor={calls["nextCursor"]}"));
        Assert.Equal(["call (inbound): Call"], rest["data"]!.AsArray().Select(e => (string)e!["summary"]!));
        Assert.Null(rest["nextCursor"]);

        var two = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{timeline}?types=contact.added,%20customer.created"));
        Assert.Equal(["contact.added", "customer.created"], two["data"]!.AsArray().Select(e => (string)e!["type"]!));
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{timeline}?types=purchase.recorded")))["data"]!.AsArray());

        await Expect.ValidationErrorAsync(await api.GetAsync($"{timeline}?types=Contact%20Added!"), "types");
        await Expect.ValidationErrorAsync(await api.GetAsync($"{timeline}?limit=abc"), "limit");
        await Expect.ValidationErrorAsync(await api.GetAsync($"{timeline}?cursor=bm90LWEtY3Vyc29y"), "cursor");
    }

    [Fact]
    public async Task A_refused_write_leaves_no_event_and_other_tenants_or_deleted_customers_are_404()
    {
        var a = (await app.Anonymous().SignUpAsync()).Client;
        var b = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(a);
        var timeline = $"/v1/customers/{customerId}/timeline";

        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await a.PatchAsync($"/v1/customers/{customerId}", new { name = "Stale" }, "\"5\""));
        await Expect.ValidationErrorAsync(await a.PostAsync($"{ContactsOf(customerId)}", new { name = "Ann", role = "boss" }), "role");
        await Expect.ValidationErrorAsync(await a.PostAsync($"/v1/customers/{customerId}/interactions",
            InteractionsApiTests.NewInteraction(DateTimeOffset.UtcNow, contactId: Guid.CreateVersion7().ToString())), "contactId");
        var events = await Expect.JsonAsync(HttpStatusCode.OK, await a.GetAsync(timeline));
        Assert.Equal(["customer.created"], events["data"]!.AsArray().Select(e => (string)e!["type"]!));

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync(timeline), "not-found");
        await Expect.StatusAsync(HttpStatusCode.NoContent, await a.DeleteAsync($"/v1/customers/{customerId}", "\"1\""));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync(timeline), "not-found");
    }

    private static string ContactsOf(string customerId) => $"/v1/customers/{customerId}/contacts";

    private static async Task LogAsync(CrmClient api, string customerId, DateTimeOffset at, string summary) =>
        await Expect.StatusAsync(HttpStatusCode.Created,
            await api.PostAsync($"/v1/customers/{customerId}/interactions", InteractionsApiTests.NewInteraction(at, summary)));
}

public sealed class TimelineOnSqlite(SqliteApp app) : TimelineTests(app), IClassFixture<SqliteApp>;
