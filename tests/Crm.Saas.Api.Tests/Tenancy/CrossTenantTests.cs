using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Tenancy;
using Crm.Saas.Api.Platform;
using Crm.Saas.Api.Tests.Customers;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Tenancy;

/// <summary>Another tenant's credential can neither read, change, nor even detect this tenant's data.</summary>
public abstract class CrossTenantTests(CrmApp app)
{
    [Fact]
    public async Task Another_tenants_token_cannot_read_change_or_detect_a_customer()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var customer = await Expect.JsonAsync(HttpStatusCode.Created,
            await a.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer(email: "secret@a.example.com", tags: "a-only")));
        var id = (string)customer["id"]!;
        var unknown = Guid.CreateVersion7().ToString();

        // Each answer B gets about A's customer is exactly the answer for an id that exists nowhere.
        var probes = new (string Name, Func<string, Task<HttpResponseMessage>> Send)[]
        {
            ("GET", target => b.Client.GetAsync($"/v1/customers/{target}")),
            ("PATCH", target => b.Client.PatchAsync($"/v1/customers/{target}", new { name = "Hacked" }, "\"1\"")),
            ("PATCH *", target => b.Client.PatchAsync($"/v1/customers/{target}", new { name = "Hacked" }, "*")),
            ("DELETE", target => b.Client.DeleteAsync($"/v1/customers/{target}", "\"1\"")),
        };
        foreach (var (name, send) in probes)
        {
            var onA = await Expect.ProblemAsync(HttpStatusCode.NotFound, await send(id), "not-found");
            var onNothing = await Expect.ProblemAsync(HttpStatusCode.NotFound, await send(unknown), "not-found");
            onA.Remove("traceId");
            onNothing.Remove("traceId");
            Assert.True(JsonNode.DeepEquals(onA, onNothing), $"{name}: {onA.ToJsonString()} vs {onNothing.ToJsonString()}");
        }

        foreach (var query in new[] { "", "?q=secret", "?tag=a-only", "?limit=200", $"?updatedSince={Uri.EscapeDataString("2000-01-01T00:00:00Z")}" })
        {
            var list = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/customers" + query));
            Assert.DoesNotContain(id, list.ToJsonString(), StringComparison.Ordinal);
        }

        // B may use the same email and the same idempotency key: nothing of A's shows through.
        var key = ("Idempotency-Key", "shared-key-" + Guid.NewGuid());
        await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer("A2", "a2@a.example.com"), key));
        var bsOwn = await Expect.JsonAsync(HttpStatusCode.Created,
            await b.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer("B's customer", "secret@a.example.com"), key));
        Assert.NotEqual(id, (string)bsOwn["id"]!);

        var untouched = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{id}"));
        Assert.Equal("Mei Lin", (string)untouched["name"]!);
        Assert.Equal("\"1\"", (await a.Client.GetAsync($"/v1/customers/{id}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_credential_is_refused_on_a_host_that_names_another_tenant()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();

        await Expect.StatusAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/customers", ("Host", $"{a.Slug}.crm.test")));
        await Expect.StatusAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/customers", ("Host", "api.crm.test")));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await a.Client.GetAsync("/v1/customers", ("Host", $"{b.Slug}.crm.test")), "tenant-mismatch");
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await a.Client.GetAsync("/v1/customers", ("Host", "no-such-shop.crm.test")), "tenant-mismatch");
    }

    [Fact]
    public async Task A_suspended_tenant_or_a_vanished_one_reaches_no_data()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));

        await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == tenant.TenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Suspended)));
        var info = (await app.Services.GetRequiredService<ITenantStore>().FindByIdAsync(tenant.TenantId, CancellationToken.None))!;
        app.Services.GetRequiredService<CatalogTenantStore>().Forget(info);
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await tenant.Client.GetAsync("/v1/customers"), "tenant-unavailable");

        var ghost = app.Services.GetRequiredService<AccessTokens>().Issue(Guid.NewGuid(), Guid.NewGuid(), TenantRole.Owner);
        using var ghostClient = new HttpClient { BaseAddress = app.Anonymous().Http.BaseAddress };
        ghostClient.DefaultRequestHeaders.Authorization = new("Bearer", ghost.Token);
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await new CrmClient(ghostClient).GetAsync("/v1/customers"), "unauthenticated");
    }
}

public sealed class CrossTenantOnSqlite(SqliteApp app) : CrossTenantTests(app), IClassFixture<SqliteApp>;

public sealed class CrossTenantOnPostgres(PostgresApp app) : CrossTenantTests(app), IClassFixture<PostgresApp>;
