using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>Bad input gets a clear 4xx problem naming the field, never a 500, and changes nothing.</summary>
public abstract class BadInputTests(CrmApp app)
{
    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "malformed JSON", """{"kind":"person","name":"Mei" """, "$" },
        { "trailing garbage", """{"kind":"person","name":"Mei"} x""", "$" },
        { "wrong type", """{"kind":"person","name":5}""", "name" },
        { "unknown enum value", """{"kind":"alien","name":"Mei"}""", "kind" },
        { "enum as number", """{"kind":1,"name":"Mei"}""", "kind" },
        { "unknown field", """{"kind":"person","name":"Mei","nmae":"x"}""", "nmae" },
        { "read-only field", """{"kind":"person","name":"Mei","lifecycleStage":"loyal"}""", "lifecycleStage" },
        { "missing kind", """{"name":"Mei"}""", "kind" },
        { "blank name", """{"kind":"person","name":"   "}""", "name" },
        { "absurd name", $$"""{"kind":"person","name":"{{new string('x', 10_000)}}"}""", "name" },
        { "control character", """{"kind":"person","name":"Mei\u0000Lin"}""", "name" },
        { "bad email", """{"kind":"person","name":"Mei","email":"not-an-email"}""", "email" },
        { "bad phone", """{"kind":"person","name":"Mei","phone":"call me maybe"}""", "phone" },
        { "bad date", """{"kind":"person","name":"Mei","birthday":"1990-13-45"}""", "birthday" },
        { "future birthday", """{"kind":"person","name":"Mei","birthday":"2999-01-01"}""", "birthday" },
        { "consent not a bool", """{"kind":"person","name":"Mei","consent":{"email":"yes","sms":false}}""", "consent.email" },
        { "blank tag", """{"kind":"person","name":"Mei","tags":["ok","  "]}""", "tags[1]" },
        { "too many tags", $$"""{"kind":"person","name":"Mei","tags":[{{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"t{i}\""))}}]}""", "tags" },
        { "array instead of object", """[{"kind":"person","name":"Mei"}]""", "$" },
        { "deeply nested", new string('[', 200) + new string(']', 200), "$" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_create_is_a_validation_problem_naming_the_field(string because, string body, string field)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var problem = await Expect.ValidationErrorAsync(await api.PostRawAsync("/v1/customers", body), field);
        Assert.NotNull(problem["errors"]![field]![0]);
        Assert.DoesNotContain("System.", problem.ToJsonString(), StringComparison.Ordinal);
        await AssertNoCustomers(api, because);
    }

    [Fact]
    public async Task Bodies_of_the_wrong_size_or_type_are_refused()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        // Sent as a careful client sends a large body (Expect: 100-continue), so the refusal arrives before the upload.
        var huge = $$"""{"kind":"person","name":"Mei","source":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        await Expect.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, await api.PostRawAsync("/v1/customers", huge, headers: ("Expect", "100-continue")), "payload-too-large");
        await Expect.ProblemAsync(HttpStatusCode.UnsupportedMediaType, await api.PostRawAsync("/v1/customers", "name=Mei", "text/plain"), "unsupported-media-type");
        await Expect.ValidationErrorAsync(await api.PostRawAsync("/v1/customers", ""), "$");
        await Expect.ValidationErrorAsync(await api.PostAsync("/v1/customers", CustomersApiTests.NewCustomer(), ("Idempotency-Key", new string('k', 300))), "Idempotency-Key");
        await AssertNoCustomers(api, "refused bodies");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("stage=happy", "stage")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    public async Task A_bad_list_query_is_a_validation_problem(string query, string field)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/customers?" + query), field);
    }

    [Fact]
    public async Task A_bad_patch_changes_nothing()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", CustomersApiTests.NewCustomer())))["id"]!;
        var path = $"/v1/customers/{id}";

        await Expect.ValidationErrorAsync(await api.PatchAsync(path, new[] { 1, 2 }, "\"1\""), "$");
        await Expect.ValidationErrorAsync(await api.PatchAsync(path, new { name = (string?)null }, "\"1\""), "name");
        await Expect.ValidationErrorAsync(await api.PatchAsync(path, new { id = Guid.NewGuid() }, "\"1\""), "id");
        await Expect.ValidationErrorAsync(await api.PatchAsync(path, new { consent = new { email = "yes" } }, "\"1\""), "consent.email");
        await Expect.ValidationErrorAsync(await api.PatchAsync(path, new { email = "broken@" }, "\"1\""), "email");
        await Expect.ValidationErrorAsync(await api.SendAsync(HttpMethod.Patch, path,
            new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/merge-patch+json"), ("If-Match", "\"1\"")), "$");
        await Expect.ProblemAsync(HttpStatusCode.UnsupportedMediaType, await api.PatchAsync(path, new { name = "X" }, "\"1\"", "text/plain"));

        var after = await api.GetAsync(path);
        var body = await Expect.JsonAsync(HttpStatusCode.OK, after);
        Assert.Equal("Mei Lin", (string)body["name"]!);
        Assert.Equal("\"1\"", after.Headers.ETag?.Tag);
    }

    private static async Task AssertNoCustomers(CrmClient api, string because)
    {
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.True(list["data"]!.AsArray().Count == 0, $"{because}: a customer was written");
    }
}

public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app), IClassFixture<SqliteApp>;

public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app), IClassFixture<PostgresApp>;
