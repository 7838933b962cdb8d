using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>A bad key request is a 400 naming the field, never a 500, and issues nothing.</summary>
public abstract class ApiKeyValidationTests(CrmApp app)
{
    private static readonly (string Because, string Body, string Field)[] BadBodies =
    [
        ("nothing", """{}""", "name"),
        ("no scopes", """{"name":"POS"}""", "scopes"),
        ("empty name", """{"name":"","scopes":["customers:read"]}""", "name"),
        ("blank name", """{"name":"   ","scopes":["customers:read"]}""", "name"),
        ("name too long", $$"""{"name":"{{new string('n', 101)}}","scopes":["customers:read"]}""", "name"),
        ("control character", """{"name":"POS\u0007","scopes":["customers:read"]}""", "name"),
        ("name not a string", """{"name":42,"scopes":["customers:read"]}""", "name"),
        ("empty scopes", """{"name":"POS","scopes":[]}""", "scopes"),
        ("unknown scope", """{"name":"POS","scopes":["customers:read","customers:admin"]}""", "scopes[1]"),
        ("scope in the wrong case", """{"name":"POS","scopes":["Customers:Read"]}""", "scopes[0]"),
        ("null scope", """{"name":"POS","scopes":[null]}""", "scopes[0]"),
        ("duplicate scope", """{"name":"POS","scopes":["customers:read","customers:read"]}""", "scopes"),
        ("scopes not a list", """{"name":"POS","scopes":"customers:read"}""", "scopes"),
        ("expiry in the past", """{"name":"POS","scopes":["customers:read"],"expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt"),
        ("expiry not a time", """{"name":"POS","scopes":["customers:read"],"expiresAt":"next week"}""", "expiresAt"),
        ("secret chosen by the client", """{"name":"POS","scopes":["customers:read"],"key":"crm_live_mine"}""", "key"),
        ("not an object", """["POS"]""", "$"),
    ];

    [Fact]
    public async Task Bad_requests_name_the_field_and_issue_no_key()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        foreach (var (because, body, field) in BadBodies)
        {
            using var response = await owner.PostRawAsync("/v1/api-keys", body);
            var problem = await Expect.ValidationErrorAsync(response, field);
            Assert.False(string.IsNullOrEmpty((string?)problem["errors"]![field]![0]), because);
            Assert.DoesNotContain("System.", problem.ToJsonString(), StringComparison.Ordinal);
        }

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync("/v1/api-keys"));
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task The_limits_themselves_are_accepted()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var name = new string('n', 100);
        var key = await ApiKeyKit.IssueAsync(owner, [Infrastructure.Auth.Scopes.LoyaltyWrite], name: name, expiresAt: DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(name, (string)key.Body["name"]!);
        Assert.Equal("POS", (string)(await ApiKeyKit.IssueAsync(owner, name: "  POS  ")).Body["name"]!);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_list_parameters_name_the_parameter(string query, string field)
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        await Expect.ValidationErrorAsync(await owner.GetAsync("/v1/api-keys?" + query), field);
    }

    [Fact]
    public async Task Ids_that_are_not_uuids_are_not_found()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await owner.GetAsync("/v1/api-keys/not-an-id"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await owner.DeleteAsync("/v1/api-keys/12345", ifMatch: null));
    }
}

public sealed class ApiKeyValidationOnSqlite(SqliteApp app) : ApiKeyValidationTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyValidationOnPostgres(PostgresApp app) : ApiKeyValidationTests(app), IClassFixture<PostgresApp>;
