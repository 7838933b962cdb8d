using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// Declares what our conventions add to an operation: security (a user's token, or an API key with the operation's
/// scope), Idempotency-Key, If-Match and the 401/403/429 problems.
/// </summary>
internal sealed class CrmOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod;
        operation.Parameters ??= [];

        if (metadata.OfType<IdempotentEndpointMetadata>().FirstOrDefault() is { } idempotent)
        {
            operation.Parameters.Add(Header(IdempotencyFilter.Header, idempotent.Required,
                "A unique key (up to 255 characters) for this create. Retrying with the same key and body replays the first response; another body with it is a 422."
                + (idempotent.Required ? " Required here: without it the request is refused (428)." : "")));
        }

        if (method is "PATCH" or "DELETE" && !metadata.OfType<NoIfMatchMetadata>().Any())
        {
            operation.Parameters.Add(Header("If-Match", true, "The ETag from your last read. A stale one is a 412; none is a 428."));
        }

        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] });

            // Either credential will do (the list's entries are alternatives); a key only with the scope named here.
            // OpenAPI 3.0 reserves scope lists for OAuth; tools show them for apiKey too, and 3.1 allows them as roles.
            var scopes = metadata.RequiredScopes().ToList();
            if (scopes.Count > 0)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.ApiKeyScheme, context.Document)] = scopes });
            }

            AddProblem(operation, "401", "No valid credential.");
            AddProblem(operation, "403", scopes.Count > 0
                ? $"The credential may not do this (an API key without {string.Join(", ", scopes)}: type insufficient-scope, naming requiredScope), or names another tenant."
                : "The credential may not do this (API keys never may), or names another tenant.");
            AddProblem(operation, "429", "Over the request limit of the API key or the tenant; retry after the seconds in Retry-After.");
        }
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void AddProblem(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", null) },
            },
        };
    }
}
