using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing.Contracts;

/// <summary>
/// Whether the tenant's plan includes win-back campaigns, for the daily run (a singleton job outside any request);
/// billing declares and implements it, so that billing need not know campaigns. Enabling the campaign asks <c>IEntitlements</c> directly.
/// </summary>
public interface IWinBackEntitlement
{
    Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken);
}
