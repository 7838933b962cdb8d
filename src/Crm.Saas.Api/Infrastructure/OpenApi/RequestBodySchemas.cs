using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// Marks in every request body schema what its validator requires, so that generated clients refuse an incomplete body
/// at compile time instead of getting a 400 at run time. The validators are the only source: each body type is bound
/// from probes (<c>{}</c>, then <c>{"lines": [{}]}</c> and so on for nested objects) and the fields the validator
/// then names as missing are the required ones; a required field is also not nullable.
/// Merge-patch bodies (RFC 7396) are the other way round: every field optional, and nullable exactly where null is
/// accepted, because in a merge patch null removes the value. A schema that is also a create's body gets a patch
/// twin (<c>CustomerFields</c> → <c>CustomerPatch</c>); one used only by patches is changed in place.
/// </summary>
internal sealed class RequestBodySchemas(IServiceProvider services, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IDocumentFilter
{
    private const int MaxDepth = 3;

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        var bodies = new List<Body>();
        foreach (var api in context.ApiDescriptions)
        {
            var type = api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type
                ?? api.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>().LastOrDefault()?.RequestType;
            var operation = Find(document, api.RelativePath, api.HttpMethod);
            if (type is null || operation?.RequestBody?.Content is not { } content)
            {
                continue;
            }

            var patch = content.ContainsKey(Http.MergePatch.MediaType);
            foreach (var media in content.Values)
            {
                if (ComponentId(media.Schema) is { } id && schemas.ContainsKey(id))
                {
                    bodies.Add(new Body(type, id, patch, media));
                }
            }
        }

        // What each body component, and each object below it, requires: learnt from the validator of a body it is in.
        var required = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var body in bodies.DistinctBy(b => (b.Type, b.ComponentId)))
        {
            Learn(body.Type, body.ComponentId, schemas, probe => probe, "", 0, required);
        }

        // A create's body, and every object in it, is written whole; so are the items of arrays (a patch replaces an array).
        var whole = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in bodies)
        {
            Reach(body.ComponentId, schemas, whole, objects: !body.Patch, items: true);
        }

        foreach (var id in whole.Where(required.ContainsKey))
        {
            var schema = (OpenApiSchema)schemas[id];
            schema.Required = new HashSet<string>(required[id], StringComparer.Ordinal);
            foreach (var name in required[id])
            {
                NotNullable(schema.Properties![name]);
            }
        }

        var made = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var body in bodies.Where(b => b.Patch))
        {
            ((OpenApiMediaType)body.Media).Schema = new OpenApiSchemaReference(PatchForm(body.ComponentId, schemas, required, whole, made, document), document);
        }
    }

    /// <summary>
    /// The merge-patch form of an object component: nothing required, null allowed where it removes an optional value,
    /// nested objects in their patch form. A component that is also written whole gets a twin; else it changes in place.
    /// </summary>
    private static string PatchForm(string id, IDictionary<string, IOpenApiSchema> schemas,
        Dictionary<string, IReadOnlySet<string>> required, HashSet<string> whole, Dictionary<string, string> made, OpenApiDocument document, int depth = 0)
    {
        if (made.TryGetValue(id, out var known))
        {
            return known;
        }

        var patchId = whole.Contains(id) ? PatchName(id) : id;
        made[id] = patchId;
        var source = (OpenApiSchema)schemas[id];
        var target = patchId == id ? source : Clone(source, id);
        schemas[patchId] = target;
        target.Required = null;
        var mandatory = required.GetValueOrDefault(id) ?? new HashSet<string>();
        foreach (var (name, property) in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (mandatory.Contains(name))
            {
                NotNullable(property);
            }
            else
            {
                Nullable(property);
            }

            if (depth < MaxDepth && ComponentId(property) is { } child && IsObject(schemas, child) && property is OpenApiSchema { AllOf.Count: 1 } wrapper)
            {
                wrapper.AllOf = [new OpenApiSchemaReference(PatchForm(child, schemas, required, whole, made, document, depth + 1), document)];
            }
        }

        return patchId;
    }

    /// <summary>Probes the validator of <paramref name="type"/> for the fields of component <paramref name="id"/> and the objects below it.</summary>
    private void Learn(Type type, string id, IDictionary<string, IOpenApiSchema> schemas, Func<JsonNode, JsonNode> probe, string prefix, int depth,
        Dictionary<string, IReadOnlySet<string>> required)
    {
        if (depth > MaxDepth || schemas[id] is not OpenApiSchema { Properties.Count: > 0 } schema)
        {
            return;
        }

        var missing = Errors(type, probe(new JsonObject()));
        var found = schema.Properties.Keys.Where(p => missing.Contains(prefix + p)).ToHashSet(StringComparer.Ordinal);
        if (required.TryGetValue(id, out var known))
        {
            found.UnionWith(known);
        }

        required[id] = found;
        foreach (var (name, property) in schema.Properties)
        {
            if (ComponentId(property) is { } child && IsObject(schemas, child))
            {
                Learn(type, child, schemas, inner => probe(new JsonObject { [name] = inner }), prefix + name + ".", depth + 1, required);
            }
            else if (ComponentId(property.Items) is { } item && IsObject(schemas, item))
            {
                Learn(type, item, schemas, inner => probe(new JsonObject { [name] = new JsonArray(inner) }), prefix + name + "[0].", depth + 1, required);
            }
        }
    }

    /// <summary>Collects <paramref name="id"/> (when <paramref name="objects"/>) and what below it is written whole.</summary>
    private static void Reach(string id, IDictionary<string, IOpenApiSchema> schemas, HashSet<string> whole, bool objects, bool items, int depth = 0)
    {
        if (depth > MaxDepth || !IsObject(schemas, id) || (objects && !whole.Add(id)))
        {
            return;
        }

        foreach (var property in schemas[id].Properties?.Values ?? [])
        {
            if (ComponentId(property) is { } child)
            {
                Reach(child, schemas, whole, objects, items, depth + 1);
            }
            else if (items && ComponentId(property.Items) is { } item)
            {
                Reach(item, schemas, whole, objects: true, items, depth + 1);
            }
        }
    }

    private static bool IsObject(IDictionary<string, IOpenApiSchema> schemas, string id) =>
        schemas.TryGetValue(id, out var s) && s.Type?.HasFlag(JsonSchemaType.Object) == true && s.Properties is { Count: > 0 };

    /// <summary>The field names the validator reports for <paramref name="body"/> bound as <paramref name="type"/>.</summary>
    private HashSet<string> Errors(Type type, JsonNode body)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return found;
        }

        try
        {
            var instance = body.Deserialize(type, json.Value.SerializerOptions);
            if (instance is null)
            {
                return found;
            }

            var result = validator.ValidateAsync(new ValidationContext<object>(instance)).GetAwaiter().GetResult();
            found.UnionWith(result.Errors.Select(e => e.PropertyName));
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException)
        {
            // A probe the body type cannot take says nothing about what is required.
        }

        return found;
    }

    private static string PatchName(string id) =>
        (id.EndsWith("Fields", StringComparison.Ordinal) ? id[..^"Fields".Length] : id) + "Patch";

    private static OpenApiSchema Clone(OpenApiSchema schema, string of) => new()
    {
        Type = schema.Type,
        Description = $"A JSON Merge Patch (RFC 7396) of {of}: send only the fields to change; null removes a field's value " +
            "(where the field may be empty). The patched whole must still be valid.",
        AdditionalPropertiesAllowed = schema.AdditionalPropertiesAllowed,
        Properties = schema.Properties!.ToDictionary(p => p.Key, p => p.Value.CreateShallowCopy(), StringComparer.Ordinal),
    };

    private static void NotNullable(IOpenApiSchema property)
    {
        if (property is OpenApiSchema s && s.Type is { } t)
        {
            s.Type = t & ~JsonSchemaType.Null;
            s.Type = s.Type == 0 ? null : s.Type;
        }
    }

    private static void Nullable(IOpenApiSchema property)
    {
        if (property is OpenApiSchema s)
        {
            s.Type = (s.Type ?? 0) | JsonSchemaType.Null;
        }
    }

    internal static string? ComponentId(IOpenApiSchema? schema) => schema switch
    {
        OpenApiSchemaReference r => r.Reference.Id,
        OpenApiSchema { AllOf.Count: 1 } s => ComponentId(s.AllOf[0]),
        _ => null,
    };

    private static OpenApiOperation? Find(OpenApiDocument document, string? relativePath, string? method)
    {
        if (relativePath is null || method is null)
        {
            return null;
        }

        var path = "/" + System.Text.RegularExpressions.Regex.Replace(relativePath, @"\{([^}:]+):[^}]+\}", "{$1}").TrimEnd('/');
        return document.Paths.TryGetValue(path, out var item) && item.Operations is { } operations
            && operations.TryGetValue(HttpMethod.Parse(method), out var operation) ? operation : null;
    }

    private sealed record Body(Type Type, string ComponentId, bool Patch, IOpenApiMediaType Media);
}
