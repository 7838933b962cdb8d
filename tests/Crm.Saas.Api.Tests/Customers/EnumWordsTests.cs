using System.Net;
using System.Text;
using Crm.Saas.Api.Tests.Contacts;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>
/// One rule for every enum a request carries, in bodies, merge patches and query strings: the documented snake_case
/// words in any letter case, and nothing else; anything else is a 400 on the field that lists the words.
/// </summary>
public abstract class EnumWordsTests(CrmApp app)
{
    private const string Roles = "Must be one of: buyer, decision_maker, user, billing, other.";
    private const string Kinds = "Must be one of: person, organization.";

    [Theory]
    [InlineData("decision_maker")]
    [InlineData("DECISION_MAKER")]
    [InlineData("Decision_maker")]
    public async Task A_documented_word_in_any_letter_case_is_accepted_and_read_back_as_documented(string role)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var contact = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync($"/v1/customers/{customerId}/contacts", ContactsApiTests.NewContact(role: role)));
        Assert.Equal("decision_maker", (string)contact["role"]!);

        foreach (var kind in new[] { "PERSON", "Person", "person" })
        {
            var customer = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind, name = "Mei" }));
            Assert.Equal("person", (string)customer["kind"]!);
        }
    }

    [Theory]
    [InlineData("\"DecisionMaker\"")]
    [InlineData("\"decisionmaker\"")]
    [InlineData("\"decision-maker\"")]
    [InlineData("\"1\"")]
    [InlineData("1")]
    [InlineData("\"\"")]
    public async Task Anything_else_is_refused_on_the_field_with_the_words_listed(string role)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await ContactsApiTests.CreateOrganizationAsync(api);
        var contacts = $"/v1/customers/{customerId}/contacts";

        var problem = await Expect.ValidationErrorAsync(await api.PostRawAsync(contacts, $$"""{"name":"Ann","role":{{role}}}"""), "role");
        Assert.Equal(Roles, (string)problem["errors"]!["role"]![0]!);
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync(contacts));
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Customer_kind_follows_the_same_rule_in_a_create_and_in_a_merge_patch()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        foreach (var kind in new[] { "\"Organisation\"", "\"ORGANISATION\"", "0" })
        {
            var problem = await Expect.ValidationErrorAsync(await api.PostRawAsync("/v1/customers", $$"""{"kind":{{kind}},"name":"Acme"}"""), "kind");
            Assert.Equal(Kinds, (string)problem["errors"]!["kind"]![0]!);
        }

        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", new { kind = "person", name = "Acme" })))["id"]!;
        var refused = await Expect.ValidationErrorAsync(await Patch(api, $"/v1/customers/{id}", """{"kind":"Organisation"}""", "\"1\""), "kind");
        Assert.Equal(Kinds, (string)refused["errors"]!["kind"]![0]!);
        var patched = await Expect.JsonAsync(HttpStatusCode.OK, await Patch(api, $"/v1/customers/{id}", """{"kind":"ORGANIZATION"}""", "\"1\""));
        Assert.Equal("organization", (string)patched["kind"]!);
    }

    [Fact]
    public async Task Query_string_enums_follow_the_same_rule()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", CustomersApiTests.NewCustomer()));

        foreach (var stage in new[] { "prospect", "PROSPECT", "Prospect" })
        {
            var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers?stage={stage}"));
            Assert.Single(list["data"]!.AsArray());
        }

        await Expect.StatusAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers?stage=AT_RISK"));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints?status=IN_PROGRESS"));
        var problem = await Expect.ValidationErrorAsync(await api.GetAsync("/v1/customers?stage=AtRisk"), "stage");
        Assert.Contains("at_risk", (string)problem["errors"]!["stage"]![0]!, StringComparison.Ordinal);
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints?status=InProgress"), "status");
    }

    private static Task<HttpResponseMessage> Patch(CrmClient api, string path, string body, string ifMatch) =>
        api.SendAsync(HttpMethod.Patch, path, new StringContent(body, Encoding.UTF8, "application/merge-patch+json"), ("If-Match", ifMatch));
}

public sealed class EnumWordsOnSqlite(SqliteApp app) : EnumWordsTests(app), IClassFixture<SqliteApp>;

public sealed class EnumWordsOnPostgres(PostgresApp app) : EnumWordsTests(app), IClassFixture<PostgresApp>;
