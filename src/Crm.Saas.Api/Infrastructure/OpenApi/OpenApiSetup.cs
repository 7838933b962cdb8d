using Microsoft.OpenApi;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>
    /// The contract's version (semantic): minor for additive changes within /v1, patch for wording; breaking changes
    /// go to /v2. Raise it with each change to the document and say what changed in CHANGELOG.md.
    /// </summary>
    public const string DocumentVersion = "1.0.0";

    /// <summary>Where <c>dotnet run</c> listens: the server of the committed document.</summary>
    public const string LocalServer = "http://localhost:5137";

    private const string ServerDescription = "The Crm.Saas server that serves this document; point a generated client at your own deployment's address.";

    /// <summary>The rule both schemes state: the security alternatives are either/or, never both at once.</summary>
    private const string OneCredential =
        "Send one credential per request: Bearer or ApiKey, not both. A token and a different X-Api-Key together are a 400 " +
        "(type ambiguous-credentials) whatever either holds, never one of them silently; the same value in both headers counts once.";

    public static IServiceCollection AddCrmOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Crm.Saas API",
                Version = DocumentVersion,
                Description = "Customers, purchases, complaints and loyalty for small businesses. " +
                    "Errors are RFC 9457 problem details (application/problem+json) with a stable type and a traceId; " +
                    "lists use cursor pagination (limit, cursor → nextCursor); reads send an ETag and updates need If-Match; " +
                    "creating POSTs take an Idempotency-Key. Enums are snake_case strings (requests may write them in any letter case), " +
                    "times UTC ISO 8601, money integer minor units. " +
                    "Additive changes stay in /v1 (this document's minor version rises); breaking ones go to /v2.",
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
                Contact = new OpenApiContact { Name = "Crm.Saas API support", Email = "api@crm-saas.dev", Url = new Uri("https://crm-saas.dev/docs/api") },
            });
            // One server: the committed document names the local run; the served one names whoever serves it (below).
            swagger.AddServer(new OpenApiServer { Url = LocalServer, Description = ServerDescription });
            swagger.IncludeXmlComments(typeof(OpenApiSetup).Assembly);
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A user's access token from POST /v1/auth/token or POST /v1/signup, sent as 'Authorization: Bearer <token>'. " +
                    OneCredential,
            });
            swagger.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Auth.CrmSchemes.ApiKeyHeader,
                Description = "A partner's API key (crm_live_…), issued by an owner or admin with POST /v1/api-keys; also accepted as " +
                    "'Authorization: Bearer crm_live_…'. An operation lists the scope the key must hold; operations without ApiKey are for users only. " +
                    $"Scopes: {string.Join(", ", Auth.Scopes.All)}. " + OneCredential,
            });
            swagger.OperationFilter<CrmOperationFilter>();
            swagger.SchemaFilter<CrmSchemaFilter>();
            swagger.DocumentFilter<RequestBodySchemas>();
            swagger.DocumentFilter<CrmDocumentFilter>();
            swagger.SupportNonNullableReferenceTypes();
            swagger.UseAllOfToExtendReferenceSchemas();
        });
        return services;
    }

    public static void UseCrmOpenApi(this WebApplication app)
    {
        // Only on /swagger: both middlewares otherwise match every API request's path against their templates.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), swagger => swagger
            .UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
                document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}{request.PathBase}", Description = ServerDescription }]))
            .UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Crm.Saas API v1")));
    }
}
