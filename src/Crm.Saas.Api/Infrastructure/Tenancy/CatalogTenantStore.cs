using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Saas.Api.Infrastructure.Tenancy;

/// <summary>
/// Tenants from the catalog, cached briefly so that a request costs no catalog round trip. Only found tenants are
/// cached: a tenant that signs up is visible at once. A suspension takes effect within <see cref="Lifetime"/>.
/// </summary>
public sealed class CatalogTenantStore(IServiceScopeFactory scopes, IMemoryCache cache) : ITenantStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // Every authenticated request asks: a hit must cost a lookup only, so the catalog query (and its expression
    // tree) is built on a miss.
    public Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        cache.TryGetValue(("tenant-id", id.ToString()), out TenantInfo? cached)
            ? Task.FromResult(cached)
            : LoadAsync(("tenant-id", id.ToString()), t => t.Id == id, cancellationToken);

    public Task<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.ToLowerInvariant();
        return cache.TryGetValue(("tenant-slug", normalized), out TenantInfo? cached)
            ? Task.FromResult(cached)
            : LoadAsync(("tenant-slug", normalized), t => t.Slug == normalized, cancellationToken);
    }

    public void Forget(TenantInfo tenant)
    {
        cache.Remove(("tenant-id", tenant.Id.ToString()));
        cache.Remove(("tenant-slug", tenant.Slug));
    }

    private async Task<TenantInfo?> LoadAsync(
        (string, string) key, System.Linq.Expressions.Expression<Func<Tenant, bool>> predicate, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenant = await catalog.Tenants.AsNoTracking().Where(predicate).FirstOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var info = tenant.ToInfo();
        cache.Set(key, info, Lifetime);
        return info;
    }
}
