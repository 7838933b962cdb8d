using Microsoft.AspNetCore.Http;

namespace Crm.Saas.Tenancy.Strategies;

/// <summary>The tenant named by the host, <c>{slug}.{baseDomain}</c>, as the hosted web client is addressed.</summary>
/// Sub-domains that belong to the platform itself (<c>api</c>, <c>www</c>…) name no tenant.
public sealed class HostStrategy(string baseDomain, IEnumerable<string> platformSubdomains) : ITenantResolutionStrategy
{
    private readonly string _suffix = "." + baseDomain.Trim('.').ToLowerInvariant();
    private readonly HashSet<string> _platformSubdomains = new(platformSubdomains, StringComparer.OrdinalIgnoreCase);

    public TenantIdentifier? Identify(HttpContext context) =>
        SlugFromHost(context.Request.Host.Host) is { } slug ? TenantIdentifier.BySlug(slug) : null;

    public string? SlugFromHost(string host)
    {
        host = host.ToLowerInvariant();
        if (!host.EndsWith(_suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var slug = host[..^_suffix.Length];
        return slug.Length == 0 || slug.Contains('.', StringComparison.Ordinal) || _platformSubdomains.Contains(slug) ? null : slug;
    }
}
