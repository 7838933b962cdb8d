using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.OpenApi;

/// <summary>
/// The committed <c>openapi/crm.v1.json</c> is the partners' contract: it must be exactly what the build serves.
/// Regenerate it with <c>UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c> (or infra/openapi.sh).
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static string CommittedPath => Path.Combine(RepositoryRoot(), "openapi", "crm.v1.json");

    [Fact]
    public async Task The_committed_document_matches_the_one_the_build_serves()
    {
        var served = JsonNode.Parse(await (await app.Anonymous().GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, text, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing: run UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, TestContext.Current.CancellationToken));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "openapi/crm.v1.json differs from the document the API serves. Regenerate it: UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_success_response_problems_and_its_security()
    {
        var document = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));
        var ids = new HashSet<string>();
        var anonymous = new HashSet<string> { "Signup", "IssueToken", "RefreshToken", "Logout", "AcceptInvitation", "GetSurvey", "AnswerSurvey", "ConfirmUnsubscribe", "Unsubscribe", "ReceiveStripeWebhook" };
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = (string?)operation!["operationId"];
                Assert.False(string.IsNullOrEmpty(id), $"{method} {path} has no operationId");
                Assert.True(ids.Add(id!), $"operationId {id} is used twice");
                var responses = operation["responses"]!.AsObject();
                Assert.Contains(responses, r => r.Key.StartsWith('2'));
                Assert.Contains(responses, r => r.Key.StartsWith('4'));
                var secured = operation["security"] is JsonArray { Count: > 0 };
                Assert.True(secured != anonymous.Contains(id!), $"{id}: security declared = {secured}");
            }
        }

        Assert.Contains("CreateCustomer", ids);
        Assert.Equal("http", (string)document["components"]!["securitySchemes"]!["Bearer"]!["type"]!);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.Saas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crm.Saas.sln not found above the test output folder.");
    }
}
