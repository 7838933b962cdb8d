using System.Text;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// Declares what our conventions add to every operation, from the endpoint's metadata alone, so that a new endpoint
/// gets it without a line of OpenAPI code: security (a user's token, or an API key with the operation's scope),
/// Idempotency-Key, If-Match / If-None-Match and ETag, the problem responses it can give (400, 401, 403, 404, 412,
/// 422, 428, 429, 500), Retry-After on 429, and a description written from all of that. An endpoint's own
/// description of a response (<see cref="DescribedResponses"/>) replaces the generic one.
/// </summary>
internal sealed class CrmOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // Generated through the repository, so the components exist even if no endpoint declared a problem itself.
        var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        var validationProblem = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var path = "/" + (context.ApiDescription.RelativePath ?? "");
        operation.Parameters ??= [];
        operation.Responses ??= [];

        // The partner-facing words are the endpoint's WithSummary/WithDescription; a handler's XML comment is
        // written for maintainers (the XML docs feed only schemas), so it never becomes the operation's text.
        operation.Summary = metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>().LastOrDefault()?.Summary
            ?? OpenApiWords.Humanize(operation.OperationId ?? "Operation");
        operation.Description = metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointDescriptionMetadata>().LastOrDefault()?.Description;
        var notes = new List<string>();

        var idempotency = metadata.OfType<IdempotentEndpointMetadata>().FirstOrDefault();
        var idempotent = idempotency is not null;
        if (idempotency is not null)
        {
            operation.Parameters.Add(Header(IdempotencyFilter.Header, idempotency.Required,
                $"A unique key (1 to {IdempotencyFilter.MaxKeyLength} printable characters) for this create. Retrying with the same key and body " +
                "within 24 hours replays the first response (marked Idempotent-Replayed: true); the same key with another body is a 422.",
                "9b1f4c62-4e0a-4f7e-8c55-2d8f1d6f0a11"));
            AddProblem(operation, problem, "422", "The Idempotency-Key was used before with another request body.");
            if (idempotency.Required)
            {
                AddProblem(operation, problem, "428", "The Idempotency-Key header is missing.");
            }

            notes.Add(idempotency.Required ? "Needs an Idempotency-Key (without one: 428)." : "Send an Idempotency-Key to retry safely.");
        }

        var conditional = method is "PATCH" or "DELETE" && !metadata.OfType<NoIfMatchMetadata>().Any();
        if (conditional)
        {
            operation.Parameters.Add(Header("If-Match", true, "The ETag from your last read. A stale one is a 412; none is a 428.", "\"3\""));
            AddProblem(operation, problem, "412", "The resource changed since you read it (If-Match is stale): read it again and retry.");
            AddProblem(operation, problem, "428", "If-Match is missing.");
            notes.Add("Needs If-Match with the ETag of your last read.");
        }
        else if (method is "PUT" or "POST" && !idempotent && operation.Responses.ContainsKey("428"))
        {
            // A replace or an action that declares 428 (without an Idempotency-Key to be the missing precondition) needs If-Match.
            operation.Parameters.Add(Header("If-Match", true, "The ETag from your last read. A stale one is a 412; none is a 428.", "\"3\""));
            AddProblem(operation, problem, "412", "The resource changed since you read it (If-Match is stale): read it again and retry.");
            notes.Add("Needs If-Match with the ETag of your last read.");
        }
        else if (method is "PUT" or "POST" && operation.Responses.ContainsKey("412"))
        {
            operation.Parameters.Add(Header("If-Match", false, "Optional: the ETag from your last read; a stale one is a 412.", "\"3\""));
        }

        var sendsETag = SendsETag(context);
        if (sendsETag && method == "GET")
        {
            operation.Parameters.Add(Header("If-None-Match", false, "The ETag you hold; when it is still current the answer is 304 with no body.", "\"3\""));
            if (!operation.Responses.ContainsKey("304"))
            {
                operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the ETag in If-None-Match is still current." };
            }
        }

        DescribeParameters(operation, path, context);
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Path))
        {
            AddProblem(operation, problem, "404", "Nothing with that id exists in this tenant (another tenant's ids are not found either).");
        }

        if (operation.RequestBody is not null || operation.Parameters.Any(p => p.In == ParameterLocation.Query) || idempotent)
        {
            AddProblem(operation, validationProblem, "400", "The request is invalid: the problem's errors name each field and what is wrong with it.");
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var scopes = metadata.RequiredScopes().ToList();
        if (anonymous)
        {
            // Said explicitly, so that generators attach no credential to sign-up, sign-in and the public links.
            operation.Security = [];
        }
        else
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] });

            // Either credential will do (the list's entries are alternatives, each one scheme: never both at once, which a
            // requirement naming Bearer and ApiKey together would mean); a key only with the scope named here, and an
            // operation naming no scope lists Bearer alone.
            // OpenAPI 3.0 reserves scope lists for OAuth; tools show them for apiKey too, and 3.1 allows them as roles.
            if (scopes.Count > 0)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.ApiKeyScheme, context.Document)] = scopes });
            }

            AddProblem(operation, problem, "401", "No valid credential.");
            AddProblem(operation, problem, "403", scopes.Count > 0
                ? $"The credential may not do this (an API key without {string.Join(", ", scopes)}: type insufficient-scope, naming requiredScope), or names another tenant."
                : "The credential may not do this (API keys never may), or names another tenant.");
        }

        AddProblem(operation, problem, "429", "Over the request limit (per address, API key or tenant); retry after the seconds in Retry-After.");
        AddProblem(operation, problem, "500", "Something went wrong on our side; quote the traceId when you report it.");
        DescribeResponses(operation, sendsETag, idempotent, idempotency?.Required == true);
        DescribeOwnResponses(operation, metadata);
        if (!anonymous)
        {
            DescribeAmbiguousCredentials(operation, problem);
        }

        operation.Description = Describe(operation, anonymous, scopes, notes);
    }

    /// <summary>The handler answers with a <see cref="ResourceResult{T}"/>, which always carries the resource's ETag.</summary>
    private static bool SendsETag(OperationFilterContext context)
    {
        static bool Carries(Type type) =>
            (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ResourceResult<>) || type.GetGenericTypeDefinition() == typeof(CreatedResourceResult<>)))
            || (type.IsGenericType && type.GetGenericArguments().Any(Carries))
            || (type.BaseType is { } b && b != typeof(object) && Carries(b));

        return (context.MethodInfo is { } method && Carries(method.ReturnType))
            || context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<SendsETagMetadata>().Any();
    }

    private static string Describe(OpenApiOperation operation, bool anonymous, List<string> scopes, List<string> notes)
    {
        var text = new StringBuilder(operation.Description ?? operation.Summary ?? "");
        text.Append(text.Length > 0 ? "\n\n" : "");
        text.Append(anonymous
            ? "No credential needed."
            : scopes.Count > 0
                ? $"Credential: a user's access token, or an API key with {string.Join(" or ", scopes)}."
                : "Credential: a user's access token (API keys may not do this).");
        foreach (var note in notes)
        {
            text.Append(' ').Append(note);
        }

        if (operation.Parameters!.Any(p => p.Name == "cursor"))
        {
            text.Append(" Cursor-paginated: follow nextCursor until it is null.");
        }

        return text.ToString();
    }

    private static void DescribeParameters(OpenApiOperation operation, string path, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Path)
            {
                var guid = path.Contains("{" + parameter.Name + ":guid}", StringComparison.Ordinal) || parameter.Schema?.Format == "uuid";
                var isKnown = OpenApiWords.Parameters.TryGetValue(parameter.Name!, out var known);
                parameter.Description ??= isKnown ? known.Description
                    : parameter.Name == "id" ? $"The id of the {Resource(path, "id")}." : OpenApiWords.Humanize(parameter.Name!);
                if (guid && parameter.Schema is OpenApiSchema idSchema)
                {
                    idSchema.Format ??= "uuid";
                    parameter.Example ??= "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e";
                }
                else
                {
                    parameter.Example ??= isKnown ? known.Example?.DeepClone() : null;
                }

                continue;
            }

            if (parameter.In != ParameterLocation.Query)
            {
                continue;
            }

            if (OpenApiWords.Parameters.TryGetValue(parameter.Name!, out var words))
            {
                parameter.Description ??= words.Description;
                parameter.Example ??= words.Example?.DeepClone();
            }
            else
            {
                parameter.Description ??= $"Filter: {OpenApiWords.Humanize(parameter.Name!).TrimEnd('.').ToLowerInvariant()}.";
            }

            // Lists take numbers and times as text so that a bad value is a per-field 400; to clients they are still
            // numbers and times.
            if (parameter.Schema is OpenApiSchema text && text.Type == JsonSchemaType.String && text.Format is null)
            {
                if (OpenApiWords.IntegerParameters.Contains(parameter.Name!))
                {
                    text.Type = JsonSchemaType.Integer;
                    text.Format = "int64";
                }
                else if (OpenApiWords.TimeParameters.Contains(parameter.Name!))
                {
                    text.Format = "date-time";
                }
                else if (OpenApiWords.BooleanParameters.Contains(parameter.Name!))
                {
                    text.Type = JsonSchemaType.Boolean;
                }
                else if (OpenApiWords.IdParameters.Contains(parameter.Name!))
                {
                    text.Format = "uuid";
                    parameter.Example ??= "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e";
                }
                else if (OpenApiWords.EnumParameters.TryGetValue(parameter.Name!, out var enumType))
                {
                    parameter.Schema = context.SchemaGenerator.GenerateSchema(enumType, context.SchemaRepository);
                }
            }

            if (parameter.Name == "limit" && parameter.Schema is OpenApiSchema limit)
            {
                limit.Format = "int32";
                limit.Minimum = "1";
                limit.Maximum = "200";
                limit.Default = 50;
            }
        }
    }

    /// <summary>"/v1/customers/{customerId}/contacts/{id:guid}", "id" → "contact": the segment the parameter names an item of.</summary>
    private static string Resource(string path, string parameter)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(segments, s => s.StartsWith("{" + parameter, StringComparison.Ordinal));
        var collection = at > 0 ? segments[at - 1] : "resource";
        var singular = collection.EndsWith("ies", StringComparison.Ordinal) ? collection[..^3] + "y" : collection.TrimEnd('s');
        return singular.Replace("api-key", "API key", StringComparison.Ordinal).Replace('-', ' ');
    }

    private static void DescribeResponses(OpenApiOperation operation, bool sendsETag, bool idempotent, bool needsIdempotencyKey)
    {
        foreach (var (status, response) in operation.Responses!)
        {
            if (response is not OpenApiResponse r)
            {
                continue;
            }

            if (status.StartsWith('2'))
            {
                if (sendsETag && status is "200" or "201")
                {
                    AddHeader(r, "ETag", "The resource's version: send it as If-Match to change it, or If-None-Match to re-read it cheaply.", "\"1\"");
                }

                if (status == "201" && sendsETag)
                {
                    AddHeader(r, "Location", "Where the new resource can be read.", "/v1/customers/0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e");
                }

                if (idempotent)
                {
                    AddHeader(r, IdempotencyFilter.ReplayedHeader, "true when this is the stored answer to an earlier request with the same Idempotency-Key.", "true");
                }
            }
            else if (status == "429")
            {
                AddHeader(r, "Retry-After", "Seconds to wait before trying again.", "12");
            }

            r.Description = r.Description switch
            {
                "OK" => "Success.",
                "Created" => "Created.",
                "No Content" => "Done; no body.",
                "Bad Request" => "The request is invalid: the problem's errors name each field and what is wrong with it.",
                "Not Found" => "Nothing with that id exists in this tenant (another tenant's ids are not found either).",
                "Conflict" => "Conflicts with the current state (a duplicate, or a rule the change would break); the problem's type and detail say which.",
                "Unsupported Media Type" => "The body's content type is not accepted here.",
                "Unprocessable Content" or "Unprocessable Entity" => "The Idempotency-Key was used before with another request body.",
                "Precondition Failed" => "The resource changed since you read it (If-Match is stale): read it again and retry.",
                "Precondition Required" => needsIdempotencyKey ? "The Idempotency-Key header is missing." : "If-Match is missing.",
                "Not Modified" => "Not modified: the ETag in If-None-Match is still current.",
                var other => other,
            };
        }
    }

    /// <summary>What the endpoint itself says a response means (<see cref="DescribedResponses"/>) wins over the generic words.</summary>
    private static void DescribeOwnResponses(OpenApiOperation operation, IList<object> metadata)
    {
        foreach (var produced in metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>())
        {
            if (produced.Description is { } description && operation.Responses!.TryGetValue(produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response)
                && response is OpenApiResponse r)
            {
                r.Description = description;
            }
        }

        foreach (var retry in metadata.OfType<RetryAfterMetadata>())
        {
            if (operation.Responses!.TryGetValue(retry.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) && response is OpenApiResponse r)
            {
                AddHeader(r, "Retry-After", "Seconds to wait before trying again.", "60");
            }
        }
    }

    /// <summary>Any secured operation can answer 400 for two different credentials, body or not.</summary>
    private static void DescribeAmbiguousCredentials(OpenApiOperation operation, IOpenApiSchema problem)
    {
        const string Ambiguous = "two different credentials were sent (type ambiguous-credentials): send one.";
        if (operation.Responses!.TryGetValue("400", out var existing) && existing is OpenApiResponse r)
        {
            r.Description = $"{r.Description?.TrimEnd('.')}; or {Ambiguous}";
        }
        else
        {
            AddProblem(operation, problem, "400", char.ToUpperInvariant(Ambiguous[0]) + Ambiguous[1..]);
        }
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, string example)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = example,
        });
    }

    private static OpenApiParameter Header(string name, bool required, string description, string example) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        Example = example,
    };

    private static void AddProblem(OpenApiOperation operation, IOpenApiSchema schema, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = schema },
            },
        });
}
