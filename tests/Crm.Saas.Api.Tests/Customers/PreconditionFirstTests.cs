using System.Net;
using System.Net.Http.Json;
using System.Text;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>
/// If-Match is checked before the body: a stale or unreadable ETag is a 412 and a missing one a 428 even when the body
/// is invalid too, so a generated client that sends every field (nulls included) still learns that its copy is stale.
/// </summary>
public abstract class PreconditionFirstTests(CrmApp app)
{
    /// <summary>What a generated client sends for a patch it set nothing on: every property of the shape, as null.</summary>
    private const string AllNulls = """
        {"kind":null,"name":null,"email":null,"phone":null,"birthday":null,"tags":null,"source":null,"consent":null,"preferredLanguage":null,"externalId":null}
        """;

    [Fact]
    public async Task A_patch_with_a_stale_if_match_is_a_412_even_when_its_body_nulls_every_field()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", CustomersApiTests.NewCustomer())))["id"]!;
        var path = $"/v1/customers/{id}";
        await Expect.StatusAsync(HttpStatusCode.OK, await api.PatchAsync(path, new { name = "Mei Chen" }, "\"1\""));

        foreach (var stale in new[] { "\"1\"", "W/\"2\"", "not-an-etag" })
        {
            await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await Patch(api, path, AllNulls, stale), "precondition-failed");
        }

        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired, await Patch(api, path, AllNulls, ifMatch: null), "precondition-required");

        // The body was invalid all along: with the current ETag it is the 400.
        await Expect.ValidationErrorAsync(await Patch(api, path, AllNulls, "\"2\""), "name");
        using var read = await api.GetAsync(path);
        var customer = await Expect.JsonAsync(HttpStatusCode.OK, read);
        Assert.Equal("Mei Chen", (string)customer["name"]!);
        Assert.Equal("mei@example.com", (string)customer["email"]!);
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_put_with_a_stale_if_match_is_a_412_even_when_its_body_is_invalid()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        const string path = "/v1/customers/by-external-id/shop-7";
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created,
            await api.SendAsync(HttpMethod.Put, path, JsonContent.Create(new { kind = "person", name = "Ann" }))))["id"]!;
        await Expect.StatusAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, path, JsonContent.Create(new { kind = "person", name = "Ann Lee" })));

        var invalidBodies = new[]
        {
            AllNulls,
            """{"kind":"person","name":"   ","email":"not-an-email"}""",
            """{"kind":"person","name":"Ann","externalId":"another-id"}""",
        };
        foreach (var body in invalidBodies)
        {
            await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await Put(api, path, body, "\"1\""), "precondition-failed");
            await Expect.ProblemAsync(HttpStatusCode.BadRequest, await Put(api, path, body, "\"2\""), "validation");
        }

        using var read = await api.GetAsync($"/v1/customers/{id}");
        Assert.Equal("Ann Lee", (string)(await Expect.JsonAsync(HttpStatusCode.OK, read))["name"]!);
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Single(list["data"]!.AsArray());
    }

    private static Task<HttpResponseMessage> Patch(CrmClient api, string path, string body, string? ifMatch) =>
        api.SendAsync(HttpMethod.Patch, path, new StringContent(body, Encoding.UTF8, "application/merge-patch+json"),
            ifMatch is null ? [] : [("If-Match", ifMatch)]);

    private static Task<HttpResponseMessage> Put(CrmClient api, string path, string body, string ifMatch) =>
        api.SendAsync(HttpMethod.Put, path, new StringContent(body, Encoding.UTF8, "application/json"), ("If-Match", ifMatch));
}

public sealed class PreconditionFirstOnSqlite(SqliteApp app) : PreconditionFirstTests(app), IClassFixture<SqliteApp>;

public sealed class PreconditionFirstOnPostgres(PostgresApp app) : PreconditionFirstTests(app), IClassFixture<PostgresApp>;
