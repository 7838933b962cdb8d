using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure;

/// <summary>
/// How many requests a tenant, and each of its API keys, may make per minute. Read per request (it must be cheap);
/// billing will answer per plan later, the configuration answers the same for every tenant now.
/// </summary>
public interface ITenantRateLimits
{
    TenantRateLimit For(Guid tenantId);
}

public sealed record TenantRateLimit(int PerTenantPerMinute, int PerApiKeyPerMinute);

/// <summary>Bound from <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-up and sign-in requests per client address.</summary>
    public int AnonymousPerMinute { get; set; } = 30;

    /// <summary>Unsubscribe and survey link requests per client address; generous, as many customers may share one NAT address.</summary>
    public int PublicLinksPerMinute { get; set; } = 120;

    public int PerApiKeyPerMinute { get; set; } = 600;

    public int PerTenantPerMinute { get; set; } = 1200;
}

internal sealed class ConfiguredTenantRateLimits(IOptionsMonitor<RateLimitOptions> options) : ITenantRateLimits
{
    public TenantRateLimit For(Guid tenantId) => new(options.CurrentValue.PerTenantPerMinute, options.CurrentValue.PerApiKeyPerMinute);
}
