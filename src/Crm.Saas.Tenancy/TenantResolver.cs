using Crm.Saas.Tenancy.Strategies;
using Microsoft.AspNetCore.Http;

namespace Crm.Saas.Tenancy;

/// <summary>
/// Tries the strategies in order. The first one that names a tenant decides; every later one that names a tenant
/// must name the same one, otherwise the request is a conflict (a credential for tenant A on tenant B's host).
/// </summary>
public sealed class TenantResolver(IEnumerable<ITenantResolutionStrategy> strategies, ITenantStore store)
{
    private readonly ITenantResolutionStrategy[] _strategies = strategies.ToArray();

    public async Task<TenantResolution> ResolveAsync(HttpContext context)
    {
        TenantIdentifier? decisive = null;
        TenantInfo? tenant = null;
        foreach (var strategy in _strategies)
        {
            if (strategy.Identify(context) is not { } identifier)
            {
                continue;
            }

            if (decisive is null)
            {
                decisive = identifier;
                tenant = identifier.Id is { } id
                    ? await store.FindByIdAsync(id, context.RequestAborted)
                    : await store.FindBySlugAsync(identifier.Slug!, context.RequestAborted);
                continue;
            }

            if (tenant is null || !identifier.Names(tenant))
            {
                return new TenantResolution(TenantResolutionOutcome.Conflict, null);
            }
        }

        return decisive is null
            ? new TenantResolution(TenantResolutionOutcome.None, null)
            : tenant is null
                ? new TenantResolution(TenantResolutionOutcome.Unknown, null)
                : new TenantResolution(TenantResolutionOutcome.Resolved, tenant);
    }
}

public enum TenantResolutionOutcome
{
    /// <summary>Nothing in the request names a tenant.</summary>
    None,

    /// <summary>The request names a tenant the catalog does not know.</summary>
    Unknown,

    /// <summary>Two sources name different tenants.</summary>
    Conflict,

    Resolved,
}

public sealed record TenantResolution(TenantResolutionOutcome Outcome, TenantInfo? Tenant);
