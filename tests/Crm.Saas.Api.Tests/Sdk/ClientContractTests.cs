using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.OpenApi;
using Crm.Saas.Client;

namespace Crm.Saas.Api.Tests.Sdk;

/// <summary>
/// The C# SDK is written against openapi/crm.v1.json, and these tests keep it there: every client method names an
/// operation that exists with that verb and path, takes an Idempotency-Key exactly where the operation does and an
/// If-Match exactly where it needs one, and answers with the schema the operation answers with; every model property
/// exists in its schema (the API refuses unknown fields). When an endpoint changes, regenerate the document
/// (sdk/regenerate.sh) and these tests name each client method to fix.
/// </summary>
public sealed class ClientContractTests
{
    private static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(OpenApiDocumentTests.CommittedPath))!;

    private static IEnumerable<(MethodInfo Method, CrmOperationAttribute Operation)> ClientOperations() =>
        typeof(CrmSaasClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (m, m.GetCustomAttribute<CrmOperationAttribute>()))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.m, p.Item2!));

    /// <summary>What the client claims to cover: the partner flow the SDK tests run.</summary>
    private static readonly string[] Claimed =
    [
        "Signup", "IssueToken", "CreateApiKey", "GetApiKey", "ListApiKeys", "RevokeApiKey",
        "CreateCustomer", "GetCustomer", "ListCustomers", "UpdateCustomer", "DeleteCustomer", "UpsertCustomerByExternalId",
        "RecordPurchase", "GetPurchase", "ListPurchases", "ListCustomerPurchases", "RefundPurchase",
        "AddContact", "GetContact", "ListContacts", "RemoveContact",
        "GetCustomerLoyalty", "RedeemPoints", "AwardPoints",
        "CreateComplaint", "GetComplaint", "AcknowledgeComplaint", "StartComplaint", "ResolveComplaint",
    ];

    [Fact]
    public void The_client_covers_the_operations_it_claims_once_each()
    {
        var covered = ClientOperations().Select(o => o.Operation.OperationId).ToList();
        Assert.Equal(covered.Count, covered.Distinct().Count());
        Assert.Empty(Claimed.Except(covered));
        var all = Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (string)o.Value!["operationId"]!)).ToList();
        TestContext.Current.SendDiagnosticMessage($"C# client covers {covered.Count} of {all.Count} operations; not yet: {string.Join(", ", all.Except(covered).Order())}");
    }

    [Fact]
    public void Every_client_method_matches_its_operation_in_the_document()
    {
        var failures = new List<string>();
        foreach (var (method, claimed) in ClientOperations())
        {
            var operation = Document["paths"]?[claimed.Path]?[claimed.Method.ToLowerInvariant()];
            if (operation is null)
            {
                failures.Add($"{method.Name}: no {claimed.Method} {claimed.Path} in the document");
                continue;
            }

            if ((string?)operation["operationId"] != claimed.OperationId)
            {
                failures.Add($"{method.Name}: {claimed.Method} {claimed.Path} is {(string?)operation["operationId"]}, not {claimed.OperationId}");
            }

            var headers = (operation["parameters"] as JsonArray ?? []).Where(p => (string?)p!["in"] == "header").ToDictionary(p => (string)p!["name"]!, p => p!);
            var names = method.GetParameters().Select(p => p.Name).ToHashSet();
            if (headers.ContainsKey("Idempotency-Key") != names.Contains("idempotencyKey"))
            {
                failures.Add($"{method.Name}: Idempotency-Key declared = {headers.ContainsKey("Idempotency-Key")}, but the method takes idempotencyKey = {names.Contains("idempotencyKey")}");
            }

            var needsIfMatch = headers.TryGetValue("If-Match", out var ifMatch) && (bool?)ifMatch["required"] == true;
            if (needsIfMatch != names.Contains("ifMatch"))
            {
                failures.Add($"{method.Name}: If-Match required = {needsIfMatch}, but the method takes ifMatch = {names.Contains("ifMatch")}");
            }

            var pathParameters = (operation["parameters"] as JsonArray ?? []).Count(p => (string?)p!["in"] == "path");
            var routeArguments = method.GetParameters().Count(p => p.ParameterType == typeof(Guid) || (p.ParameterType == typeof(string) && p.Name!.EndsWith("Id", StringComparison.Ordinal)));
            if (pathParameters != routeArguments)
            {
                failures.Add($"{method.Name}: the path has {pathParameters} parameters, the method {routeArguments}");
            }

            if (ResultSchema(method.ReturnType) is { } expected)
            {
                var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).Select(r => SchemaName(r.Value)).Where(n => n is not null).ToList();
                if (!success.Contains(expected))
                {
                    failures.Add($"{method.Name}: returns {expected}, the operation answers {string.Join(" or ", success)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_model_property_exists_in_its_schema()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var models = typeof(CrmSaasClient).Assembly.GetTypes().Select(t => (t, t.GetCustomAttribute<CrmSchemaAttribute>())).Where(p => p.Item2 is not null).ToList();
        Assert.NotEmpty(models);
        foreach (var (type, attribute) in models)
        {
            if (schemas[attribute!.Name]?["properties"] is not JsonObject properties)
            {
                failures.Add($"{type.Name}: no schema {attribute.Name}");
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (!properties.ContainsKey(name))
                {
                    failures.Add($"{type.Name}.{property.Name}: {attribute.Name} has no property {name}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The schema a method's result mirrors: Task&lt;T&gt;, Task&lt;Versioned&lt;T&gt;&gt; → T's; IAsyncEnumerable&lt;T&gt; → T's page.</summary>
    private static string? ResultSchema(Type returnType)
    {
        if (!returnType.IsGenericType)
        {
            return null;
        }

        var inner = returnType.GetGenericArguments()[0];
        if (returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            return inner.GetCustomAttribute<CrmSchemaAttribute>()?.Name + "Page";
        }

        if (inner.IsGenericType && inner.GetGenericTypeDefinition() == typeof(Versioned<>))
        {
            inner = inner.GetGenericArguments()[0];
        }

        return inner.GetCustomAttribute<CrmSchemaAttribute>()?.Name;
    }

    private static string? SchemaName(JsonNode? response) =>
        ((string?)response?["content"]?["application/json"]?["schema"]?["$ref"])?.Split('/')[^1];
}
