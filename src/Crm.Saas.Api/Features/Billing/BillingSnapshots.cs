using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Tenants' billing rows, cached briefly so that the entitlement checks and the rate limiter (which must answer
/// synchronously) cost no catalog round trip. A webhook processed here forgets the tenant's entry at once; another
/// process sees the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class BillingSnapshots(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<BillingOptions> options, PlanCatalogue plans, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<BillingSnapshot> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (TryGet(tenantId) is { } cached)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var snapshot = await LoadAsync(catalog, tenantId, cancellationToken);
        cache.Set(Key(tenantId), snapshot, Lifetime);
        return snapshot;
    }

    private BillingSnapshot? TryGet(Guid tenantId) => cache.TryGetValue(Key(tenantId), out BillingSnapshot? snapshot) ? snapshot : null;

    /// <summary>The tenant's standing now (plan in force, limits, features, write access), from its cached snapshot.</summary>
    public async Task<BillingStanding> StandingAsync(Guid tenantId, CancellationToken cancellationToken) =>
        BillingStanding.Of(await GetAsync(tenantId, cancellationToken), plans, clock.GetUtcNow().UtcDateTime);

    /// <summary>The standing from the cache alone, or null when the snapshot is not loaded (for callers that cannot wait).</summary>
    public BillingStanding? TryStanding(Guid tenantId) =>
        TryGet(tenantId) is { } snapshot ? BillingStanding.Of(snapshot, plans, clock.GetUtcNow().UtcDateTime) : null;

    public void Forget(Guid tenantId) => cache.Remove(Key(tenantId));

    private async Task<BillingSnapshot> LoadAsync(CatalogDbContext catalog, Guid tenantId, CancellationToken cancellationToken)
    {
        var account = await catalog.Set<BillingAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.TenantId == tenantId, cancellationToken);
        var plan = account?.Plan ?? plans.NewTenantPlan;

        // Before any subscription, a paid starting plan is a trial counted from sign-up.
        var trialEnd = (DateTime?)null;
        if (account?.Status is null && plan != PlanCatalogue.Free && plan == plans.NewTenantPlan)
        {
            var createdAt = await catalog.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => (DateTime?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            trialEnd = createdAt?.AddDays(options.Value.TrialDays);
        }

        return account is null
            ? new BillingSnapshot(tenantId, plan, null, null, false, null, trialEnd, false)
            : new BillingSnapshot(tenantId, plan, account.Status, account.CurrentPeriodEnd, account.CancelAtPeriodEnd, account.GraceDeadline,
                trialEnd, account.StripeCustomerId is not null);
    }

    private static (string, Guid) Key(Guid tenantId) => ("billing", tenantId);
}
