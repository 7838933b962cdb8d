using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Tests.Customers;
using Crm.Saas.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>A key does exactly what its scopes say, never manages keys, and the API document says which scope each call needs.</summary>
public abstract class ApiKeyScopeTests(CrmApp app)
{
    [Fact]
    public async Task A_read_only_key_reads_customers_and_every_write_names_the_missing_scope()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await owner.PostAsync("/v1/customers", CustomersApiTests.NewCustomer())))["id"]!;
        var reader = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(owner, ["customers:read"])).Key);

        await Expect.StatusAsync(HttpStatusCode.OK, await reader.GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await reader.GetAsync($"/v1/customers/{id}"));

        var writes = new Func<Task<HttpResponseMessage>>[]
        {
            () => reader.PostAsync("/v1/customers", CustomersApiTests.NewCustomer("Other", "other@example.com")),
            () => reader.PatchAsync($"/v1/customers/{id}", new { name = "Changed" }, "\"1\""),
            () => reader.DeleteAsync($"/v1/customers/{id}", "\"1\""),
        };
        foreach (var write in writes)
        {
            using var response = await write();
            var problem = await Expect.ProblemAsync(HttpStatusCode.Forbidden, response, "insufficient-scope");
            Assert.Equal("customers:write", (string)problem["requiredScope"]!);
            Assert.Contains("customers:write", (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var unchanged = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync($"/v1/customers/{id}"));
        Assert.Equal("Mei Lin", (string)unchanged["name"]!);
        Assert.Single((await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync("/v1/customers")))["data"]!.AsArray());
    }

    [Fact]
    public async Task Write_does_not_imply_read()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var writer = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(owner, ["customers:write"])).Key, KeyForm.Bearer);

        await Expect.StatusAsync(HttpStatusCode.Created, await writer.PostAsync("/v1/customers", CustomersApiTests.NewCustomer()));
        var problem = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await writer.GetAsync("/v1/customers"), "insufficient-scope");
        Assert.Equal("customers:read", (string)problem["requiredScope"]!);
    }

    [Fact]
    public async Task A_key_with_every_scope_still_cannot_issue_see_or_revoke_keys()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var key = await ApiKeyKit.IssueAsync(owner, [.. Scopes.All]);
        var partner = ApiKeyKit.Client(app, key.Key);

        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => partner.PostAsync("/v1/api-keys", new { name = "Escalated", scopes = Scopes.All }),
            () => partner.GetAsync("/v1/api-keys"),
            () => partner.GetAsync($"/v1/api-keys/{key.Id}"),
            () => partner.DeleteAsync($"/v1/api-keys/{key.Id}", ifMatch: null),
        };
        foreach (var attempt in attempts)
        {
            await Expect.ProblemAsync(HttpStatusCode.Forbidden, await attempt(), "forbidden");
        }

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync("/v1/api-keys"));
        Assert.Equal([key.Id], list["data"]!.AsArray().Select(k => (string)k!["id"]!));
        Assert.Null(list["data"]![0]!["revokedAt"]);
        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));
    }

    [Fact]
    public async Task An_endpoint_that_names_no_scope_is_closed_to_keys_and_open_to_users()
    {
        // What every future endpoint gets unless it opts in with RequireScope.
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var fallback = (await provider.GetFallbackPolicyAsync())!;
        var tenant = Guid.CreateVersion7().ToString();

        var key = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CrmClaims.ApiKeyId, Guid.CreateVersion7().ToString()), new Claim(CrmClaims.TenantId, tenant), .. Scopes.All.Select(s => new Claim(CrmClaims.Scope, s))],
            CrmSchemes.ApiKey));
        var agent = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CrmClaims.Subject, Guid.CreateVersion7().ToString()), new Claim(CrmClaims.TenantId, tenant), new Claim(CrmClaims.Role, "agent")],
            CrmSchemes.Jwt));

        Assert.False((await authorization.AuthorizeAsync(key, fallback)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(agent, fallback)).Succeeded);
    }

    [Fact]
    public async Task The_api_document_names_the_scope_each_operation_needs_from_a_key()
    {
        var document = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", (string)scheme["type"]!);
        Assert.Equal("header", (string)scheme["in"]!);
        Assert.Equal("X-Api-Key", (string)scheme["name"]!);

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!.AsObject()))
            .ToDictionary(op => (string)op["operationId"]!);
        string? KeyScope(string operationId) => operations[operationId]["security"]!.AsArray()
            .Select(r => r!.AsObject()).Where(r => r.ContainsKey("ApiKey")).Select(r => (string?)r["ApiKey"]![0]).SingleOrDefault();

        Assert.Equal("customers:read", KeyScope("ListCustomers"));
        Assert.Equal("customers:read", KeyScope("GetCustomer"));
        Assert.Equal("customers:write", KeyScope("CreateCustomer"));
        Assert.Equal("customers:write", KeyScope("UpdateCustomer"));
        Assert.Equal("customers:write", KeyScope("DeleteCustomer"));
        foreach (var keyManagement in new[] { "CreateApiKey", "ListApiKeys", "GetApiKey", "RevokeApiKey" })
        {
            Assert.Null(KeyScope(keyManagement));
            Assert.Contains(operations[keyManagement]["security"]!.AsArray(), r => r!.AsObject().ContainsKey("Bearer"));
        }

        // Revoking takes no If-Match; deleting a customer still does.
        static IEnumerable<string> Headers(JsonObject op) => op["parameters"]?.AsArray().Select(p => (string)p!["name"]!) ?? [];
        Assert.DoesNotContain("If-Match", Headers(operations["RevokeApiKey"]));
        Assert.Contains("If-Match", Headers(operations["DeleteCustomer"]));
        Assert.Contains("Idempotency-Key", Headers(operations["CreateApiKey"]));
        Assert.True(operations["ListCustomers"]["responses"]!.AsObject().ContainsKey("429"));
    }
}

public sealed class ApiKeyScopesOnSqlite(SqliteApp app) : ApiKeyScopeTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyScopesOnPostgres(PostgresApp app) : ApiKeyScopeTests(app), IClassFixture<PostgresApp>;
