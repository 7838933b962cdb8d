using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Crm.Saas.Api.Features.Audit;

/// <summary>
/// Records every successful write made with a tenant credential, in the tenant's own store. Around the handler it
/// holds the tenant transaction, so the change and its audit entry commit together (or neither does); writes to
/// the catalog (members, keys) are audited right after they commit.
/// </summary>
internal sealed class AuditFilter(ITenantContextAccessor tenants, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || tenants.Current is null || http.User.Actor() is not { } actor)
        {
            return await next(context);
        }

        var db = http.RequestServices.GetRequiredService<TenantDbContext>();
        await using var owned = await TenantTransactions.BeginUnlessActiveAsync(db, http.RequestAborted);
        var result = await next(context);
        var outcome = HttpResults.Unwrap(result);
        if (!HttpResults.IsSuccess(outcome))
        {
            return result; // nothing happened, nothing to record; the transaction rolls back
        }

        var endpoint = http.GetEndpoint() as RouteEndpoint;
        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Method;
        var statusCode = ((IStatusCodeHttpResult)outcome!).StatusCode ?? 200;
        db.AuditEvents.Add(AuditLog.Entry(http, actor, action, EntityType(endpoint), EntityId(http, outcome), statusCode, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(http.RequestAborted);
        if (owned is not null)
        {
            await owned.CommitAsync(http.RequestAborted);
        }

        return result;
    }

    /// <summary>The route's literal segments after <c>/v1</c>: <c>customers</c>, <c>users.invitations</c>.</summary>
    private static string EntityType(RouteEndpoint? endpoint) =>
        endpoint is null ? "unknown" : string.Join('.', endpoint.RoutePattern.PathSegments
            .Where(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart)
            .Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)
            .Where(segment => segment != "v1"));

    /// <summary>The id in the route, or the id of what the write created.</summary>
    private static string? EntityId(HttpContext http, object? outcome)
    {
        var routeValues = http.GetRouteData().Values;
        foreach (var key in new[] { "id", "userId" })
        {
            if (routeValues.TryGetValue(key, out var value) && value is not null)
            {
                return value.ToString();
            }
        }

        var created = (outcome as IValueHttpResult)?.Value;
        return created?.GetType().GetProperty("Id")?.GetValue(created)?.ToString();
    }
}
