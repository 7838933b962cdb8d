using Crm.Saas.Api.Features.Campaigns;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>Win-back for the daily run: the plan's <c>winBack</c> feature in the tenant's current standing.</summary>
internal sealed class PlanWinBackEntitlement(BillingSnapshots snapshots, PlanCatalogue plans, TimeProvider clock) : IWinBackEntitlement
{
    public async Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken) =>
        BillingStanding.Of(await snapshots.GetAsync(tenant.Id, cancellationToken), plans, clock.GetUtcNow().UtcDateTime).Has(PlanFeatures.WinBack);
}
