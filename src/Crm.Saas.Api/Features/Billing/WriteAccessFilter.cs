using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// On the whole <c>/v1</c> group: once a <c>past_due</c> tenant's grace period is over, every write made with its
/// credentials answers 402 <c>payment-required</c>; reads and exports go on. Endpoints marked
/// <see cref="AllowedWhenReadOnly"/> (billing itself, so the tenant can pay) stay open.
/// </summary>
internal sealed class WriteAccessFilter(ITenantContextAccessor tenants, BillingSnapshots snapshots)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || tenants.Current is not { } tenant || http.User.Actor() is null
            || http.GetEndpoint()?.Metadata.GetMetadata<AllowedWhenReadOnly>() is not null)
        {
            return await next(context);
        }

        // The standing only (singletons; the snapshot BillingWarmup loaded): not IEntitlements, whose usage meters open
        // catalog contexts, since the filter is made for every request.
        var standing = await snapshots.StandingAsync(tenant.Id, http.RequestAborted);
        return standing.ReadOnly ? BillingProblems.ReadOnly(standing.GraceDeadline) : await next(context);
    }
}

/// <summary>Marks an endpoint that a read-only (unpaid) tenant may still call with a write method.</summary>
public sealed class AllowedWhenReadOnly
{
    public static readonly AllowedWhenReadOnly Instance = new();
}
