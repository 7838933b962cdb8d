using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Counts a tenant's use of one plan limit. A feature whose use is limited registers its meter
/// (<c>services.AddScoped&lt;IUsageMeter, MyMeter&gt;()</c>); <c>GET /v1/billing</c> and the limit checks find it by name.
/// </summary>
public interface IUsageMeter
{
    string Limit { get; }

    Task<long> CountAsync(Guid tenantId, CancellationToken cancellationToken);
}

/// <summary>Live customers in the tenant's own store (deleted ones do not count). Needs the tenant in scope.</summary>
internal sealed class CustomerMeter(IServiceProvider services) : IUsageMeter
{
    public string Limit => PlanLimits.Customers;

    public Task<long> CountAsync(Guid tenantId, CancellationToken cancellationToken) =>
        services.GetRequiredService<TenantDbContext>().Customers.LongCountAsync(c => c.DeletedAt == null, cancellationToken);
}

/// <summary>Mails sent to customers this calendar month (UTC), as the mail sender counts them against the quota. Needs the tenant in scope.</summary>
internal sealed class MailMeter(IServiceProvider services, TimeProvider clock) : IUsageMeter
{
    public string Limit => PlanLimits.MailsPerMonth;

    public Task<long> CountAsync(Guid tenantId, CancellationToken cancellationToken) =>
        Mails.MailUsage.SentThisMonthAsync(services.GetRequiredService<TenantDbContext>(), clock.GetUtcNow().UtcDateTime, cancellationToken);
}

/// <summary>Seats: members, plus pending invitations (each will become a member when accepted).</summary>
internal sealed class UserMeter(CatalogDbContext catalog, TimeProvider clock) : IUsageMeter
{
    public string Limit => PlanLimits.Users;

    public async Task<long> CountAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var members = await catalog.Memberships.LongCountAsync(m => m.TenantId == tenantId, cancellationToken);
        var pending = await catalog.Invitations.LongCountAsync(
            i => i.TenantId == tenantId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
        return members + pending;
    }
}

/// <summary>API keys that still work: not revoked, not expired.</summary>
internal sealed class ApiKeyMeter(CatalogDbContext catalog, TimeProvider clock) : IUsageMeter
{
    public string Limit => PlanLimits.ApiKeys;

    public Task<long> CountAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return catalog.ApiKeys.LongCountAsync(k => k.TenantId == tenantId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
    }
}
