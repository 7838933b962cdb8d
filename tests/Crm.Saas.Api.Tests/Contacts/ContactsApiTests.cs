using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Contacts;

/// <summary>The people at an organisation customer: added, read, changed and removed, with one primary at a time.</summary>
public abstract class ContactsApiTests(CrmApp app)
{
    internal static object NewOrganization(string name = "Acme Tea Ltd") => new { kind = "organization", name };

    internal static object NewContact(string name = "Ann Lee", string role = "buyer", bool isPrimary = false, string? email = "ann@acme.example") =>
        new { name, role, email, phone = "+886 2 2345 6789", title = "Head of purchasing", isPrimary };

    internal static async Task<string> CreateOrganizationAsync(CrmClient api, string name = "Acme Tea Ltd") =>
        (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", NewOrganization(name))))["id"]!;

    internal static async Task<string> AddContactAsync(CrmClient api, string customerId, object contact) =>
        (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{customerId}/contacts", contact)))["id"]!;

    [Fact]
    public async Task A_contact_goes_through_add_read_patch_list_and_remove_with_etags()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var contacts = $"/v1/customers/{customerId}/contacts";

        using var created = await api.PostAsync(contacts, NewContact(role: "decision_maker"));
        var contact = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)contact["id"]!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"{contacts}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("decision_maker", (string)contact["role"]!);
        Assert.Equal(customerId, (string)contact["customerId"]!);
        Assert.False((bool)contact["isPrimary"]!);

        using var read = await api.GetAsync($"{contacts}/{id}");
        Assert.Equal("Ann Lee", (string)(await Expect.JsonAsync(HttpStatusCode.OK, read))["name"]!);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        using var notModified = await api.GetAsync($"{contacts}/{id}", ("If-None-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        await Expect.ProblemAsync((HttpStatusCode)428, await api.PatchAsync($"{contacts}/{id}", new { title = "CEO" }, ifMatch: null), "precondition-required");
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.PatchAsync($"{contacts}/{id}", new { title = "CEO" }, "\"9\""), "precondition-failed");
        using var patched = await api.PatchAsync($"{contacts}/{id}", new { title = "CEO", phone = (string?)null }, "\"1\"");
        var patchedBody = await Expect.JsonAsync(HttpStatusCode.OK, patched);
        Assert.Equal("CEO", (string)patchedBody["title"]!);
        Assert.Null(patchedBody["phone"]);
        Assert.Equal("ann@acme.example", (string)patchedBody["email"]!);
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);

        var listed = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(contacts));
        Assert.Equal([id], listed["data"]!.AsArray().Select(c => (string)c!["id"]!));
        Assert.Null(listed["nextCursor"]);

        await Expect.ProblemAsync((HttpStatusCode)428, await api.DeleteAsync($"{contacts}/{id}", ifMatch: null));
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.DeleteAsync($"{contacts}/{id}", "\"1\""));
        using var deleted = await api.DeleteAsync($"{contacts}/{id}", "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"{contacts}/{id}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.PatchAsync($"{contacts}/{id}", new { title = "Ghost" }, "*"), "not-found");
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(contacts)))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_person_customer_cannot_have_contacts()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var person = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer())))["id"]!;

        var problem = await Expect.ProblemAsync(HttpStatusCode.Conflict,
            await api.PostAsync($"/v1/customers/{person}/contacts", NewContact()), "contacts-need-organization");
        Assert.Contains("organization", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{person}/contacts")))["data"]!.AsArray());
    }

    [Fact]
    public async Task Making_a_contact_primary_demotes_the_previous_primary()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var contacts = $"/v1/customers/{customerId}/contacts";
        var ann = await AddContactAsync(api, customerId, NewContact("Ann", isPrimary: true));
        var bo = await AddContactAsync(api, customerId, NewContact("Bo", role: "billing", isPrimary: true, email: null));

        using var annAfter = await api.GetAsync($"{contacts}/{ann}");
        Assert.False((bool)(await Expect.JsonAsync(HttpStatusCode.OK, annAfter))["isPrimary"]!);
        Assert.Equal("\"2\"", annAfter.Headers.ETag?.Tag); // the demotion is a change: old ETags are stale
        Assert.Equal([bo], await PrimariesAsync(api, contacts));

        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync($"{contacts}/{ann}", new { isPrimary = true }, "\"2\""));
        Assert.Equal([ann], await PrimariesAsync(api, contacts));
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.PatchAsync($"{contacts}/{bo}", new { title = "Lost update" }, "\"1\""));

        // Removing the primary leaves none; a new primary can then be named.
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"{contacts}/{ann}", "\"3\""));
        Assert.Empty(await PrimariesAsync(api, contacts));
        var cy = await AddContactAsync(api, customerId, NewContact("Cy", isPrimary: true, email: null));
        Assert.Equal([cy], await PrimariesAsync(api, contacts));
    }

    [Fact]
    public async Task Racing_primaries_leave_exactly_one_primary()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var contacts = $"/v1/customers/{customerId}/contacts";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => api.PostAsync(contacts, NewContact($"Racer {i}", isPrimary: true, email: null))));
        var created = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
            }
            else
            {
                await Expect.ProblemAsync(HttpStatusCode.Conflict, response, "conflict");
            }
        }

        var listed = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(contacts));
        Assert.Equal(created, listed["data"]!.AsArray().Count); // a refused request left nothing behind
        Assert.Single(await PrimariesAsync(api, contacts));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_changes_nothing()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var contacts = $"/v1/customers/{customerId}/contacts";

        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, new { name = "Ann", role = "boss" }), "role");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, new { name = "Ann" }), "role");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, NewContact(email: "not-an-email")), "email");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, NewContact(name: "   ")), "name");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, NewContact(name: new string('x', 201))), "name");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, new { name = "Ann", role = "buyer", phone = "call me" }), "phone");
        await Expect.ValidationErrorAsync(await api.PostAsync(contacts, new { name = "Ann", role = "buyer", nickname = "A" }), "nickname");
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(contacts)))["data"]!.AsArray());

        var id = await AddContactAsync(api, customerId, NewContact());
        await Expect.ValidationErrorAsync(await api.PatchAsync($"{contacts}/{id}", new { email = "ann@" }, "\"1\""), "email");
        await Expect.ValidationErrorAsync(await api.PatchAsync($"{contacts}/{id}", new { name = (string?)null }, "\"1\""), "name");
        await Expect.ValidationErrorAsync(await api.PatchAsync($"{contacts}/{id}", new { role = "chief" }, "\"1\""), "role");
        await Expect.ValidationErrorAsync(await api.GetAsync($"{contacts}?limit=0"), "limit");
        await Expect.ValidationErrorAsync(await api.GetAsync($"{contacts}?cursor=nonsense"), "cursor");

        using var unchanged = await api.GetAsync($"{contacts}/{id}");
        Assert.Equal("ann@acme.example", (string)(await Expect.JsonAsync(HttpStatusCode.OK, unchanged))["email"]!);
        Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Contacts_page_in_the_order_they_were_added()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var added = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            added.Add(await AddContactAsync(api, customerId, NewContact($"Person {i}", email: null)));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK,
                await api.GetAsync($"/v1/customers/{customerId}/contacts?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(c => (string)c!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(added, seen);
    }

    [Fact]
    public async Task A_retried_add_with_the_same_idempotency_key_makes_one_contact()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await CreateOrganizationAsync(api);
        var key = ("Idempotency-Key", "ann-" + Guid.NewGuid());

        var first = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{customerId}/contacts", NewContact(), key));
        using var retry = await api.PostAsync($"/v1/customers/{customerId}/contacts", NewContact(), key);
        Assert.Equal((string)first["id"]!, (string)(await Expect.JsonAsync(HttpStatusCode.Created, retry))["id"]!);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}/contacts")))["data"]!.AsArray());
    }

    [Fact]
    public async Task Another_customers_or_tenants_ids_and_deleted_customers_are_404()
    {
        var a = (await app.Anonymous().SignUpAsync()).Client;
        var b = (await app.Anonymous().SignUpAsync()).Client;
        var acme = await CreateOrganizationAsync(a);
        var globex = await CreateOrganizationAsync(a, "Globex");
        var ann = await AddContactAsync(a, acme, NewContact());

        // Tenant B with A's ids: as if they did not exist.
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/customers/{acme}/contacts"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.GetAsync($"/v1/customers/{acme}/contacts/{ann}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.PostAsync($"/v1/customers/{acme}/contacts", NewContact()), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.PatchAsync($"/v1/customers/{acme}/contacts/{ann}", new { name = "Mallory" }, "*"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.DeleteAsync($"/v1/customers/{acme}/contacts/{ann}", "*"), "not-found");

        // Within A, a contact is only reachable through its own customer.
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync($"/v1/customers/{globex}/contacts/{ann}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.PatchAsync($"/v1/customers/{globex}/contacts/{ann}", new { name = "Moved" }, "*"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.DeleteAsync($"/v1/customers/{globex}/contacts/{ann}", "*"), "not-found");

        using var stillThere = await a.GetAsync($"/v1/customers/{acme}/contacts/{ann}");
        Assert.Equal("Ann Lee", (string)(await Expect.JsonAsync(HttpStatusCode.OK, stillThere))["name"]!);
        Assert.Equal("\"1\"", stillThere.Headers.ETag?.Tag);

        // A deleted customer's contacts go with it.
        await Expect.StatusAsync(HttpStatusCode.NoContent, await a.DeleteAsync($"/v1/customers/{acme}", "\"1\""));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync($"/v1/customers/{acme}/contacts"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.GetAsync($"/v1/customers/{acme}/contacts/{ann}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await a.PostAsync($"/v1/customers/{acme}/contacts", NewContact()), "not-found");
    }

    private static async Task<List<string>> PrimariesAsync(CrmClient api, string contacts) =>
        (await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{contacts}?limit=200")))["data"]!.AsArray()
            .Where(c => (bool)c!["isPrimary"]!).Select(c => (string)c!["id"]!).ToList();
}

public sealed class ContactsApiOnSqlite(SqliteApp app) : ContactsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ContactsApiOnPostgres(PostgresApp app) : ContactsApiTests(app), IClassFixture<PostgresApp>;
