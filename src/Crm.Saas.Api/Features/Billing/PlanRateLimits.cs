using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Tenancy;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Rate limits by plan: the tenant's plan sets its requests per minute, the configured <c>RateLimits</c> stay the
/// ceiling (operators can still lower them for everyone). The rate limiter asks synchronously, so the plan comes
/// from the snapshot that <see cref="BillingWarmup"/> loaded earlier in the same request.
/// </summary>
internal sealed class PlanRateLimits(BillingSnapshots snapshots, IOptionsMonitor<RateLimitOptions> options)
    : ITenantRateLimits
{
    public TenantRateLimit For(Guid tenantId)
    {
        var configured = options.CurrentValue;
        if (snapshots.TryStanding(tenantId) is not { } standing)
        {
            return new TenantRateLimit(configured.PerTenantPerMinute, configured.PerApiKeyPerMinute);
        }

        var perMinute = standing.Limit(PlanLimits.RequestsPerMinute);
        var perTenant = Math.Min(perMinute, configured.PerTenantPerMinute);
        return new TenantRateLimit(perTenant, Math.Min(perTenant, configured.PerApiKeyPerMinute));
    }
}

/// <summary>Loads the tenant's billing snapshot (cached) before the rate limiter reads it.</summary>
internal sealed class BillingWarmup(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ITenantContextAccessor tenants, BillingSnapshots snapshots)
    {
        if (tenants.Current is { } tenant && context.User.Identity?.IsAuthenticated == true)
        {
            await snapshots.GetAsync(tenant.Id, context.RequestAborted);
        }

        await next(context);
    }
}
