using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// Whole-document conventions: a described tag for every tag in use, the servers, and <c>required</c> on the
/// schemas only the API writes (responses), so that generated clients type their fields as always present. A schema
/// that is also a request body stays optional, because clients may leave its fields out.
/// </summary>
internal sealed class CrmDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var operations = document.Paths.Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value).ToList();

        var used = operations.SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = OpenApiWords.TagDescriptions.TryGetValue(name, out var description) ? description : $"{name}.",
        }));

        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        foreach (var operation in operations.Where(o => o.RequestBody is OpenApiRequestBody))
        {
            UnwrapBody((OpenApiRequestBody)operation.RequestBody!);
        }

        foreach (var schema in schemas.Values)
        {
            foreach (var property in schema.Properties?.Values ?? [])
            {
                TypeNullableReference(property, schemas);
                TypeNullableReference(property.Items, schemas);
            }
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Collect(media.Schema, schemas, written);
            }

            foreach (var media in (operation.Responses ?? []).Values.SelectMany(r => r.Content?.Values ?? []))
            {
                Collect(media.Schema, schemas, read);
            }
        }

        foreach (var name in read.Except(written).Where(n => n is not "ProblemDetails" and not "HttpValidationProblemDetails"))
        {
            if (schemas[name] is OpenApiSchema { Properties.Count: > 0 } schema)
            {
                schema.Required = new HashSet<string>(schema.Properties.Where(p => !IsNullable(p.Value)).Select(p => p.Key), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// A body's schema is its component itself: the one-item <c>allOf</c> wrapper (there only to carry a description)
    /// would be an illogical composition to linters, so its description moves to the body.
    /// </summary>
    private static void UnwrapBody(OpenApiRequestBody body)
    {
        foreach (var media in (body.Content ?? new Dictionary<string, IOpenApiMediaType>()).Values.OfType<OpenApiMediaType>())
        {
            if (media.Schema is OpenApiSchema { AllOf.Count: 1 } wrapper && wrapper.AllOf[0] is OpenApiSchemaReference reference
                && wrapper.Type is null && wrapper.Properties is not { Count: > 0 })
            {
                body.Description ??= wrapper.Description;
                media.Schema = reference;
            }
        }
    }

    /// <summary>
    /// A nullable reference is written as <c>nullable</c> beside a one-item <c>allOf</c>; OpenAPI 3.0 gives
    /// <c>nullable</c> meaning only beside a <c>type</c>, so the wrapper also states the referenced schema's type.
    /// </summary>
    private static void TypeNullableReference(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> schemas)
    {
        if (schema is OpenApiSchema { AllOf.Count: 1, Type: JsonSchemaType.Null } wrapper
            && RequestBodySchemas.ComponentId(wrapper) is { } id && schemas.TryGetValue(id, out var target) && target.Type is { } type)
        {
            wrapper.Type = type | JsonSchemaType.Null;
        }
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.Extensions?.ContainsKey("nullable") ?? false)
        || (schema is OpenApiSchema { AllOf.Count: > 0 } wrapper && (wrapper.Type?.HasFlag(JsonSchemaType.Null) ?? false));

    /// <summary>Every component schema reachable from <paramref name="schema"/>.</summary>
    private static void Collect(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<string> found)
    {
        if (schema is null)
        {
            return;
        }

        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            if (id is null || !found.Add(id) || !components.TryGetValue(id, out var target))
            {
                return;
            }

            schema = target;
        }

        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
        {
            Collect(child, components, found);
        }

        Collect(schema.Items, components, found);
        Collect(schema.AdditionalProperties, components, found);
    }
}
