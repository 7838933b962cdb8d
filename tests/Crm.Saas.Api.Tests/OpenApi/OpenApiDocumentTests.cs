using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.OpenApi;

/// <summary>
/// The committed <c>openapi/crm.v1.json</c> is the partners' contract: it must be exactly what the build serves.
/// Regenerate it, and the SDK code generated from it, with <c>sdk/regenerate.sh</c>
/// (or only the document: <c>UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c>).
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static string CommittedPath => Path.Combine(RepositoryRoot(), "openapi", "crm.v1.json");

    [Fact]
    public async Task The_committed_document_matches_the_one_the_build_serves()
    {
        var client = app.Anonymous();
        var served = JsonNode.Parse(await (await client.GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        // The served document names the server that served it; the committed one names the local run.
        var servers = served["servers"]!.AsArray();
        Assert.Equal(client.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), (string)Assert.Single(servers)!["url"]!);
        servers[0]!["url"] = "http://localhost:5137";
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

    [Fact]
    public async Task Security_offers_one_credential_or_the_other_never_both_and_key_less_operations_list_bearer_alone()
    {
        var document = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));
        foreach (var name in new[] { "Bearer", "ApiKey" })
        {
            Assert.Contains("ambiguous-credentials", (string)document["components"]!["securitySchemes"]![name]!["description"]!, StringComparison.Ordinal);
        }

        var security = new Dictionary<string, string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var id = (string)node!["operationId"]!;
                if (node["security"] is not JsonArray { Count: > 0 } requirements)
                {
                    continue;
                }

                // A requirement naming two schemes would ask for both at once; each lists exactly one.
                Assert.All(requirements, r => Assert.Single(r!.AsObject()));
                var shape = string.Join(" | ", requirements.Select(r => r!.AsObject().Single())
                    .Select(p => p.Value!.AsArray().Count == 0 ? p.Key : $"{p.Key}:{string.Join(",", p.Value.AsArray().Select(s => (string)s!))}"));
                Assert.Matches(@"^Bearer( \| ApiKey:[a-z]+:(read|write))?$", shape);
                security[id] = shape;

                var badRequest = (string)node["responses"]!["400"]!["description"]!;
                Assert.True(badRequest.Contains("ambiguous-credentials", StringComparison.Ordinal), $"{method} {path}: 400 is '{badRequest}'");
            }
        }

        Assert.Equal("Bearer", security["ListApiKeys"]);
        Assert.Equal("Bearer", security["PutMailTemplate"]);
        Assert.Equal("Bearer | ApiKey:customers:read", security["ListCustomers"]);
        Assert.Equal("Bearer | ApiKey:customers:write", security["UpdateCustomer"]);
        Assert.Contains(security.Values, v => v == "Bearer");
    }

    [Fact]
    public async Task Every_operation_declares_the_conventions_clients_are_generated_from()
    {
        var document = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string)document["info"]!["version"]!);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var id = (string)operation["operationId"]!;
                var responses = operation["responses"]!.AsObject();
                var parameters = (operation["parameters"] as JsonArray ?? []).Select(p => p!.AsObject()).ToList();
                Check(!string.IsNullOrWhiteSpace((string?)operation["description"]), id, "has no description");
                Check(operation["tags"] is JsonArray { Count: 1 }, id, "has no single tag");
                Check(responses.ContainsKey("429") && responses.ContainsKey("500"), id, "does not declare 429 and 500");
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    Check(response!["content"]?["application/problem+json"]?["schema"] is not null, id, $"{status} is not a problem");
                }

                if (parameters.Any(p => (string?)p["name"] == "Idempotency-Key"))
                {
                    Check(responses.ContainsKey("422"), id, "takes Idempotency-Key but does not declare its 422");
                    Check(responses.Where(r => r.Key[0] == '2').All(r => r.Value!["headers"]?["Idempotent-Replayed"] is not null), id, "does not declare Idempotent-Replayed");
                }

                if (parameters.Any(p => (string?)p["name"] == "If-Match" && (bool?)p["required"] == true))
                {
                    Check(responses.ContainsKey("412") && responses.ContainsKey("428"), id, "needs If-Match but does not declare 412 and 428");
                }

                if (parameters.Any(p => (string?)p["name"] == "cursor"))
                {
                    var limit = parameters.Single(p => (string?)p["name"] == "limit");
                    Check((string?)limit["schema"]!["type"] == "integer" && (int?)limit["schema"]!["maximum"] == 200, id, "limit is not an integer up to 200");
                    var page = ((string?)responses["200"]?["content"]?["application/json"]?["schema"]?["$ref"])?.Split('/')[^1];
                    Check(page is not null && schemas[page]?["properties"]?["nextCursor"] is not null, id, "is paginated but answers no nextCursor");
                }

                if (path.EndsWith('}') && method == "get" && responses.ContainsKey("304"))
                {
                    Check(responses["200"]?["headers"]?["ETag"] is not null, id, "answers 304 but declares no ETag");
                }

                Check(parameters.All(p => !string.IsNullOrWhiteSpace((string?)p["description"])), id, "has a parameter without description");
            }
        }

        foreach (var (name, schema) in schemas)
        {
            Check(!string.IsNullOrWhiteSpace((string?)schema!["description"]), name, "schema has no description");
            Check(schema["enum"] is null || (string?)schema["type"] == "string", name, "is an enum that is not a string");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        void Check(bool condition, string where, string what)
        {
            if (!condition)
            {
                failures.Add($"{where}: {what}");
            }
        }
    }

    [Fact]
    public async Task Request_bodies_require_what_their_validators_require_and_patches_require_nothing()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Equal(["kind", "name"], Required(schemas["CustomerFields"]!));
        Assert.Contains("birthdayBonus", Required(schemas["LoyaltyProgramFields"]!));
        Assert.Equal(["amount", "currency", "occurredAt", "channel"], Required(schemas["PurchaseRequest"]!));
        Assert.Equal(["sku", "name", "quantity", "amount"], Required(schemas["PurchaseLineRequest"]!));
        Assert.Null((bool?)schemas["PurchaseRequest"]!["properties"]!["amount"]!["nullable"]);

        // A merge patch: nothing required; null only where it removes an optional value (phone), never a required one (name).
        var patch = schemas["CustomerPatch"]!;
        Assert.Null(patch["required"]);
        Assert.True((bool?)patch["properties"]!["phone"]!["nullable"]);
        Assert.Null((bool?)patch["properties"]!["name"]!["nullable"]);
        Assert.EndsWith("/ConsentPatch", (string)patch["properties"]!["consent"]!["allOf"]![0]!["$ref"]!);
        Assert.Null(schemas["ComplaintFields"]!["required"]);
    }

    [Fact]
    public async Task The_document_reads_the_same_to_every_generator()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;

        // nullable only beside a type (OpenAPI 3.0), including on references wrapped in allOf.
        Assert.DoesNotContain(Walk(document), n => n["nullable"] is not null && n["type"] is null);
        Assert.Empty((JsonArray)paths["/v1/signup"]!["post"]!["security"]!);
        Assert.Empty((JsonArray)paths["/v1/public/unsubscribe"]!["post"]!["security"]!);

        var complaintFilters = ((JsonArray)paths["/v1/complaints"]!["get"]!["parameters"]!).ToDictionary(p => (string)p!["name"]!, p => p!["schema"]!);
        Assert.EndsWith("/ComplaintStatus", (string)complaintFilters["status"]["$ref"]!);
        Assert.Equal("boolean", (string)complaintFilters["breached"]["type"]!);
        Assert.Equal("uuid", (string)complaintFilters["customerId"]["format"]!);

        Assert.Contains("Idempotency-Key", (string)paths["/v1/customers/{customerId}/loyalty/redeem"]!["post"]!["responses"]!["428"]!["description"]!);
        Assert.Contains("If-Match", (string)paths["/v1/customers/{id}"]!["patch"]!["responses"]!["428"]!["description"]!);
        Assert.True((bool)document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["detail"]!["x-ms-primary-error-message"]!);
        Assert.Contains("null on the last page", (string)document["components"]!["schemas"]!["CustomerResponsePage"]!["description"]!);
    }

    private async Task<JsonNode> DocumentAsync() =>
        await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));

    private static string[] Required(JsonNode schema) => (schema["required"] as JsonArray ?? []).Select(n => (string)n!).ToArray();

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    [Fact]
    public async Task The_Stripe_webhook_says_what_its_400_and_503_mean_to_Stripe()
    {
        var document = await Expect.JsonAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/swagger/v1/swagger.json"));
        var responses = document["paths"]!["/v1/billing/stripe/webhook"]!["post"]!["responses"]!;

        // Not the words every other operation's 400 has (field errors), nor the bare reason phrase.
        Assert.Contains("Stripe-Signature", (string)responses["400"]!["description"]!, StringComparison.Ordinal);
        var unavailable = (string)responses["503"]!["description"]!;
        Assert.Contains("Stripe delivers the event again", unavailable, StringComparison.Ordinal);
        Assert.Contains("database", unavailable, StringComparison.Ordinal);
        Assert.NotNull(responses["503"]!["headers"]?["Retry-After"]);
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
