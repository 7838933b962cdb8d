using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.ApiKeys;
using Crm.Saas.Api.Tests.Customers;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Auth;

/// <summary>
/// One credential per request: the same value in Authorization: Bearer and X-Api-Key counts once; two different values
/// are a 400 that tells nothing about either, and neither one is used instead.
/// </summary>
public abstract class SingleCredentialTests(CrmApp app)
{
    [Fact]
    public async Task A_valid_token_beside_a_wrong_key_is_refused_as_ambiguous_and_does_nothing()
    {
        var tenant = await app.Anonymous().SignUpAsync();

        using var read = await tenant.Client.GetAsync("/v1/customers", ("X-Api-Key", "crm_live_garbage"));
        var problem = await Expect.ProblemAsync(HttpStatusCode.BadRequest, read, "ambiguous-credentials");
        Assert.Contains("Send one", (string)problem["detail"]!, StringComparison.Ordinal);

        using var write = await tenant.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer(), ("X-Api-Key", "not even a key"));
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, write, "ambiguous-credentials");
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task The_same_token_in_both_headers_is_the_users_token_not_a_key()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var token = tenant.Client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers", ("X-Api-Key", token)));
        // Only users may list keys: passing here shows the request was read as the owner's token.
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/api-keys", ("X-Api-Key", token)));
        await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", CustomersApiTests.NewCustomer(), ("X-Api-Key", token)));
    }

    [Fact]
    public async Task One_credential_alone_works_as_before()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var key = await ApiKeyKit.IssueAsync(tenant.Client);

        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, key.Key, KeyForm.XApiKey).GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, key.Key, KeyForm.Bearer).GetAsync("/v1/customers"));
        // A blank header carries no credential, so it does not make the other one ambiguous.
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers", ("X-Api-Key", "")));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await ApiKeyKit.Client(app, "crm_live_garbage").GetAsync("/v1/customers"), "unauthenticated");
    }

    [Fact]
    public async Task Two_different_keys_or_a_header_twice_with_different_values_are_ambiguous()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var first = await ApiKeyKit.IssueAsync(tenant.Client, name: "First");
        var second = await ApiKeyKit.IssueAsync(tenant.Client, name: "Second");

        var byBearer = ApiKeyKit.Client(app, first.Key, KeyForm.Bearer);
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await byBearer.GetAsync("/v1/customers", ("X-Api-Key", second.Key)), "ambiguous-credentials");
        // X-Api-Key twice (HttpClient joins the values with a comma, as a proxy would join two lines).
        var anonymous = app.Anonymous();
        await Expect.ProblemAsync(HttpStatusCode.BadRequest,
            await anonymous.GetAsync("/v1/customers", ("X-Api-Key", first.Key), ("X-Api-Key", second.Key)), "ambiguous-credentials");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest,
            await anonymous.GetAsync("/v1/customers", ("Authorization", "Bearer " + first.Key), ("Authorization", "Bearer " + second.Key)), "ambiguous-credentials");

        // The same key twice is one credential.
        await Expect.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/v1/customers", ("X-Api-Key", first.Key), ("X-Api-Key", first.Key)));
        await Expect.StatusAsync(HttpStatusCode.OK, await byBearer.GetAsync("/v1/customers", ("X-Api-Key", first.Key)));
    }

    [Fact]
    public async Task The_refusal_is_the_same_whatever_the_key_is_so_it_tells_nothing_about_another_tenants_key()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var bsKey = await ApiKeyKit.IssueAsync(b.Client);
        var bsRevoked = await ApiKeyKit.IssueAsync(b.Client, name: "Revoked");
        await Expect.StatusAsync(HttpStatusCode.NoContent, await b.Client.DeleteAsync($"/v1/api-keys/{bsRevoked.Id}", ifMatch: null));
        var asOwnKey = await ApiKeyKit.IssueAsync(a.Client);
        var tampered = bsKey.Key[..^1] + (bsKey.Key[^1] == 'a' ? 'b' : 'a');

        JsonObject? first = null;
        foreach (var key in new[] { bsKey.Key, bsRevoked.Key, tampered, asOwnKey.Key, "crm_live_garbage", "x" })
        {
            using var response = await a.Client.GetAsync("/v1/customers", ("X-Api-Key", key));
            var problem = await Expect.ProblemAsync(HttpStatusCode.BadRequest, response, "ambiguous-credentials");
            Assert.False(response.Headers.Contains("WWW-Authenticate"));
            problem.Remove("traceId");
            first ??= problem;
            Assert.True(JsonNode.DeepEquals(first, problem), $"{first.ToJsonString()} vs {problem.ToJsonString()}");
        }

        // An expired or foreign token beside a key is refused the same way: the token is not checked either.
        using var foreign = await b.Client.GetAsync("/v1/customers", ("X-Api-Key", asOwnKey.Key));
        var foreignProblem = await Expect.ProblemAsync(HttpStatusCode.BadRequest, foreign, "ambiguous-credentials");
        foreignProblem.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(first, foreignProblem));
    }
}

public sealed class SingleCredentialOnSqlite(SqliteApp app) : SingleCredentialTests(app), IClassFixture<SqliteApp>;

public sealed class SingleCredentialOnPostgres(PostgresApp app) : SingleCredentialTests(app), IClassFixture<PostgresApp>;
