using Microsoft.OpenApi;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddCrmOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Crm.Saas API",
                Version = "v1",
                Description = "Customers, purchases, complaints and loyalty for small businesses. " +
                    "Errors are RFC 9457 problem details; lists use cursor pagination; updates need If-Match.",
            });
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /v1/auth/token or POST /v1/signup.",
            });
            swagger.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Auth.CrmSchemes.ApiKeyHeader,
                Description = "A partner's API key (crm_live_…), issued by an owner or admin with POST /v1/api-keys; also accepted as " +
                    "'Authorization: Bearer crm_live_…'. An operation lists the scope the key must hold; operations without ApiKey are for users only.",
            });
            swagger.OperationFilter<CrmOperationFilter>();
            swagger.SupportNonNullableReferenceTypes();
            swagger.UseAllOfToExtendReferenceSchemas();
        });
        return services;
    }

    public static void UseCrmOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Crm.Saas API v1"));
    }
}
