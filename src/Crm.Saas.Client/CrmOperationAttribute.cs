namespace Crm.Saas.Client;

/// <summary>
/// The API operation a client method calls, as the OpenAPI document names it. A test checks every such method against
/// openapi/crm.v1.json (id, verb, path, Idempotency-Key and If-Match), so the client cannot drift from the contract.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CrmOperationAttribute(string operationId, string method, string path) : Attribute
{
    public string OperationId { get; } = operationId;

    public string Method { get; } = method;

    public string Path { get; } = path;
}

/// <summary>The OpenAPI schema a model mirrors; a test checks that each of its properties exists there.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CrmSchemaAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
