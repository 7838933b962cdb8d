using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Platform;
using Crm.Saas.Api.Tests.Customers;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>Who may manage keys (owners and admins, not agents), and that neither keys nor key ids cross tenants.</summary>
public abstract class ApiKeyAccessTests(CrmApp app)
{
    [Fact]
    public async Task An_agent_cannot_manage_keys_but_still_works_with_customers()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var key = await ApiKeyKit.IssueAsync(tenant.Client);
        var agent = await ApiKeyKit.SignInAsAsync(app, tenant, TenantRole.Agent);

        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => agent.PostAsync("/v1/api-keys", new { name = "Agent's key", scopes = new[] { "customers:read" } }),
            () => agent.GetAsync("/v1/api-keys"),
            () => agent.GetAsync($"/v1/api-keys/{key.Id}"),
            () => agent.DeleteAsync($"/v1/api-keys/{key.Id}", ifMatch: null),
        };
        foreach (var attempt in attempts)
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await attempt(), "forbidden");
            Assert.Contains("role", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        // Users act by role, not scope: the agent's own work is untouched by the scope checks.
        await Expect.StatusAsync(HttpStatusCode.Created, await agent.PostAsync("/v1/customers", CustomersApiTests.NewCustomer()));
        await Expect.StatusAsync(HttpStatusCode.OK, await agent.GetAsync("/v1/customers"));

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/api-keys"));
        Assert.Equal([key.Id], list["data"]!.AsArray().Select(k => (string)k!["id"]!));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, key.Key).GetAsync("/v1/customers"));
    }

    [Fact]
    public async Task An_admin_issues_lists_and_revokes_keys_like_the_owner()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var ownersKey = await ApiKeyKit.IssueAsync(tenant.Client, name: "Owner's");
        var admin = await ApiKeyKit.SignInAsAsync(app, tenant, TenantRole.Admin);

        var adminsKey = await ApiKeyKit.IssueAsync(admin, ["customers:read"], name: "Admin's");
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await admin.GetAsync("/v1/api-keys"));
        Assert.Equal([ownersKey.Id, adminsKey.Id], list["data"]!.AsArray().Select(k => (string)k!["id"]!));

        await Expect.StatusAsync(HttpStatusCode.NoContent, await admin.DeleteAsync($"/v1/api-keys/{ownersKey.Id}", ifMatch: null));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await ApiKeyKit.Client(app, ownersKey.Key).GetAsync("/v1/customers"), "unauthenticated");
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, adminsKey.Key).GetAsync("/v1/customers"));
    }

    [Fact]
    public async Task Another_tenants_owner_gets_404_for_this_tenants_key_ids_exactly_as_for_unknown_ones()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var key = await ApiKeyKit.IssueAsync(a.Client);
        var unknown = Guid.CreateVersion7().ToString();

        var probes = new (string Name, Func<string, Task<HttpResponseMessage>> Send)[]
        {
            ("GET", id => b.Client.GetAsync($"/v1/api-keys/{id}")),
            ("DELETE", id => b.Client.DeleteAsync($"/v1/api-keys/{id}", ifMatch: null)),
        };
        foreach (var (name, send) in probes)
        {
            var onA = await Expect.ProblemAsync(HttpStatusCode.NotFound, await send(key.Id), "not-found");
            var onNothing = await Expect.ProblemAsync(HttpStatusCode.NotFound, await send(unknown), "not-found");
            onA.Remove("traceId");
            onNothing.Remove("traceId");
            Assert.True(JsonNode.DeepEquals(onA, onNothing), $"{name}: {onA.ToJsonString()} vs {onNothing.ToJsonString()}");
        }

        var bsList = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/api-keys"));
        Assert.Empty(bsList["data"]!.AsArray());

        // B's DELETE revoked nothing.
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, key.Key).GetAsync("/v1/customers"));
        Assert.Null((await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/api-keys/{key.Id}")))["revokedAt"]);
    }

    [Fact]
    public async Task A_key_reaches_only_its_own_tenants_customers()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var bsCustomer = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await b.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer(email: "secret@b.example.com", tags: "b-only"))))["id"]!;
        var partnerOfA = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(a.Client)).Key);

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await partnerOfA.GetAsync($"/v1/customers/{bsCustomer}"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await partnerOfA.PatchAsync($"/v1/customers/{bsCustomer}", new { name = "Hacked" }, "*"), "not-found");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await partnerOfA.DeleteAsync($"/v1/customers/{bsCustomer}", "*"), "not-found");
        foreach (var query in new[] { "", "?q=secret", "?tag=b-only", "?limit=200" })
        {
            var list = await Expect.JsonAsync(HttpStatusCode.OK, await partnerOfA.GetAsync("/v1/customers" + query));
            Assert.Empty(list["data"]!.AsArray());
        }

        // What A's key writes lands in A's store, not B's; B's customer is untouched.
        var created = await Expect.JsonAsync(HttpStatusCode.Created,
            await partnerOfA.PostAsync("/v1/customers", CustomersApiTests.NewCustomer("A's", "secret@b.example.com")));
        await Expect.StatusAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{created["id"]}"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.GetAsync($"/v1/customers/{created["id"]}"), "not-found");
        Assert.Equal("Mei Lin", (string)(await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync($"/v1/customers/{bsCustomer}")))["name"]!);
    }

    [Fact]
    public async Task A_key_on_a_host_that_names_another_tenant_is_refused()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var partnerOfA = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(a.Client)).Key);

        await Expect.StatusAsync(HttpStatusCode.OK, await partnerOfA.GetAsync("/v1/customers", ("Host", $"{a.Slug}.crm.test")));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await partnerOfA.GetAsync("/v1/customers", ("Host", $"{b.Slug}.crm.test")), "tenant-mismatch");
    }
}

public sealed class ApiKeyAccessOnSqlite(SqliteApp app) : ApiKeyAccessTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyAccessOnPostgres(PostgresApp app) : ApiKeyAccessTests(app), IClassFixture<PostgresApp>;
