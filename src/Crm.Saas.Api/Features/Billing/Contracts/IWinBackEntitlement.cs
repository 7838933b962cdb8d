using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>
/// Whether the tenant's plan includes win-back campaigns, for the daily run (a singleton job outside any request);
/// implemented by billing over its entitlement service. Enabling the campaign asks <c>IEntitlements</c> directly.
/// </summary>
public interface IWinBackEntitlement
{
    Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken);
}
