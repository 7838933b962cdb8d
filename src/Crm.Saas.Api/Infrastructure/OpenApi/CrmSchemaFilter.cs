// OpenAPI 3.0 has a single schema example; the library marks it obsolete in favour of 3.1's examples.
#pragma warning disable CS0618

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// Gives every schema and property a description and, where one can be told from its name or format, an example:
/// the type's XML docs when it has them, else <see cref="OpenApiWords"/>, else words made from the name. Enums are
/// strings listing their values; problem details show the fields our problems carry.
/// </summary>
internal sealed class CrmSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema model, SchemaFilterContext context)
    {
        if (model is not OpenApiSchema schema || context.MemberInfo is not null || context.ParameterInfo is not null)
        {
            return;
        }

        var type = Nullable.GetUnderlyingType(context.Type) ?? context.Type;
        if (type.IsEnum)
        {
            var values = schema.Enum?.Select(v => v.ToString()).ToList() ?? [];
            schema.Type = JsonSchemaType.String;
            schema.Description ??= $"One of: {string.Join(", ", values)}. Requests may write these words in any letter case (nothing else: " +
                "not the PascalCase member names, not numbers); responses use them as listed.";
            schema.Example ??= schema.Enum?.FirstOrDefault()?.DeepClone();
            return;
        }

        if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            DescribeProblem(schema, validation: type == typeof(HttpValidationProblemDetails));
            return;
        }

        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
        {
            schema.Description ??= DescribeType(type);
        }

        if (schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        foreach (var (name, property) in properties)
        {
            if (property is not OpenApiSchema p)
            {
                continue;
            }

            OpenApiWords.Properties.TryGetValue(name, out var words);
            p.Description ??= words.Description ?? OpenApiWords.Humanize(name);
            if (p.Example is null && p.AllOf is not { Count: > 0 } && ExampleFor(p, words.Example) is { } example)
            {
                p.Example = example;
            }
        }
    }

    /// <summary>A listed example if it fits the property's type; else one from the format.</summary>
    private static JsonNode? ExampleFor(OpenApiSchema property, JsonNode? listed)
    {
        var type = property.Type ?? 0;
        if (listed is not null)
        {
            var fits = listed switch
            {
                JsonArray => type.HasFlag(JsonSchemaType.Array),
                JsonValue v when v.TryGetValue<string>(out _) => type.HasFlag(JsonSchemaType.String),
                JsonValue v when v.TryGetValue<bool>(out _) => type.HasFlag(JsonSchemaType.Boolean),
                JsonValue => type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number),
                _ => false,
            };
            if (fits)
            {
                return listed.DeepClone();
            }
        }

        return property.Format switch
        {
            "uuid" => "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e",
            "date-time" => "2026-03-01T10:15:00Z",
            "date" => "2026-03-01",
            "int32" or "int64" => 1,
            _ when type.HasFlag(JsonSchemaType.Boolean) => true,
            _ => null,
        };
    }

    private static string DescribeType(Type type)
    {
        if (type.IsGenericType && type.Name.StartsWith("Page", StringComparison.Ordinal))
        {
            return $"One page of {Plural(type.GetGenericArguments()[0].Name)}: data, and nextCursor for the next page (null on the last).";
        }

        var name = type.Name;
        return name switch
        {
            _ when name.EndsWith("Request", StringComparison.Ordinal) => $"The body of a request: {OpenApiWords.Humanize(name[..^"Request".Length]).TrimEnd('.').ToLowerInvariant()}.",
            _ when name.EndsWith("Response", StringComparison.Ordinal) => $"{OpenApiWords.Humanize(name[..^"Response".Length]).TrimEnd('.')} as the API returns it.",
            _ when name.EndsWith("Fields", StringComparison.Ordinal) => $"The fields of a {OpenApiWords.Humanize(name[..^"Fields".Length]).TrimEnd('.').ToLowerInvariant()} a client writes: a create's body, and the shape a merge patch applies to.",
            _ => OpenApiWords.Humanize(name),
        };
    }

    private static string Plural(string typeName)
    {
        var words = OpenApiWords.Humanize(typeName.EndsWith("Response", StringComparison.Ordinal) ? typeName[..^"Response".Length] : typeName)
            .TrimEnd('.').ToLowerInvariant();
        return words.EndsWith('y') ? words[..^1] + "ies" : words + "s";
    }

    private static void DescribeProblem(OpenApiSchema schema, bool validation)
    {
        schema.Description = validation
            ? "An RFC 9457 problem for invalid input (status 400): errors maps each field, by its JSON name (consent.email, tags[0]), to what is wrong with it."
            : "An RFC 9457 problem: every error of the API. type is stable (https://crm-saas.dev/problems/…) and says what went wrong; " +
              "some problems add fields, such as requiredScope (insufficient-scope), existingId (duplicate), remainingAmount (refund-exceeds-remaining).";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        Describe(schema, "type", "A stable URI naming the kind of problem; branch on this.", "https://crm-saas.dev/problems/validation");
        Describe(schema, "title", "A short human summary of the kind of problem.", validation ? "Validation failed" : "Not found");
        Describe(schema, "status", "The HTTP status code.", validation ? 400 : 404);
        Describe(schema, "detail", "What went wrong in this case, for a human.", validation ? "One or more fields are invalid." : "No customer with that id exists.");
        Describe(schema, "instance", "The request path.", "/v1/customers");

        // Kiota (and tools that follow it) make this field the generated exception's message.
        if (schema.Properties.TryGetValue("detail", out var detail) && detail is OpenApiSchema d)
        {
            d.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            d.Extensions["x-ms-primary-error-message"] = new JsonNodeExtension(JsonValue.Create(true));
        }

        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's trace id: quote it when you report a problem.",
            Example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
        if (validation && schema.Properties.TryGetValue("errors", out var errors) && errors is OpenApiSchema e)
        {
            e.Description = "Each invalid field (its JSON name) and what is wrong with it.";
            e.Example = new JsonObject { ["email"] = new JsonArray("Must be an email address.") };
        }
    }

    private static void Describe(OpenApiSchema schema, string property, string description, JsonNode example)
    {
        if (schema.Properties!.TryGetValue(property, out var p) && p is OpenApiSchema s)
        {
            s.Description = description;
            s.Example = example;
        }
    }
}
