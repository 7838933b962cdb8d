using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>
/// Whether the tenant's plan includes win-back campaigns: the one check point billing wires to its entitlement
/// service. Until then every tenant is allowed. Consulted by the daily run and when an admin enables the campaign.
/// </summary>
public interface IWinBackEntitlement
{
    Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken);
}

internal sealed class EveryPlanAllowsWinBack : IWinBackEntitlement
{
    public Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken) => Task.FromResult(true);
}
