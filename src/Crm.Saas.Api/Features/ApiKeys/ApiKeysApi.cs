using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>Partners' API keys: issue (the secret shown once), list, read, revoke. Owners and admins only.</summary>
public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder v1)
    {
        // Keys never hold a role, so no API key can issue, see or revoke keys, whatever its scopes.
        var keys = v1.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);

        // Idempotency-Key on the create replays the first response, and that response holds the secret: the retry of
        // a create whose answer was lost must still get its key, or the key is useless. Deliberately accepted because
        // the replay stays inside the same tenant (the record lives in the tenant's own store, and the tenant is the
        // token's), reaches only an owner or admin of it presenting the same key and body, and only within the
        // record's 24-hour window; Cache-Control: no-store keeps both answers out of caches.
        keys.MapPost("/", CreateApiKey.Handle).WithName("CreateApiKey")
            .WithSummary("Issue an API key. The response holds the secret key, shown this once; only its hash is kept.")
            .AddEndpointFilter(NoStore).Validate<CreateApiKeyRequest>().WithIdempotency<CreateApiKeyRequest>()
            .RequireFeature(PlanFeatures.PartnerApiKeys).WithinPlanLimit(PlanLimits.ApiKeys);
        keys.MapGet("/", ListApiKeys.Handle).WithName("ListApiKeys")
            .WithSummary("List the tenant's API keys, revoked ones included, cursor-paginated; never the secrets.").Validate<ApiKeyListQuery>();
        keys.MapGet("/{id:guid}", GetApiKey.Handle).WithName("GetApiKey")
            .WithSummary("Read an API key: prefix, scopes, when it was created, last used, expires or was revoked; never the secret.")
            .ProducesProblem(404);
        keys.MapDelete("/{id:guid}", RevokeApiKey.Handle).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key: refused from its next request on. Revoking a revoked key changes nothing.")
            .WithoutIfMatch().Produces(204).ProducesProblem(404);
    }

    /// <summary>The create's answer (first or replayed) holds a secret: no cache may keep it.</summary>
    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }
}
