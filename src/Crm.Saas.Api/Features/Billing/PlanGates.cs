using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Endpoint filters that put the plan in front of an endpoint. For a feature a plan may lack:
/// <code>campaigns.MapPost("/", StartCampaign.Handle).RequireFeature(PlanFeatures.WinBack);</code>
/// (403 <c>feature-not-in-plan</c>). For a create that uses up a limit: <c>.WithinPlanLimit(PlanLimits.ApiKeys)</c>
/// (403 <c>plan-limit-reached</c>). Inside a handler, ask <see cref="IEntitlements"/> directly.
/// </summary>
public static class PlanGates
{
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant
                && await http.RequestServices.GetRequiredService<IEntitlements>().RefuseWithoutFeatureAsync(tenant.Id, feature, http.RequestAborted) is { } refused)
            {
                return refused;
            }

            return await next(context);
        }).ProducesProblem(403);

    public static TBuilder WithinPlanLimit<TBuilder>(this TBuilder builder, string limit) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant
                && await http.RequestServices.GetRequiredService<IEntitlements>().RefuseOverLimitAsync(tenant.Id, limit, 1, http.RequestAborted) is { } refused)
            {
                return refused;
            }

            return await next(context);
        }).ProducesProblem(403);
}
