using Crm.Saas.Api.Features.Billing.Contracts;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>Win-back for the daily run: the plan's <c>winBack</c> feature in the tenant's current standing.</summary>
internal sealed class PlanWinBackEntitlement(BillingSnapshots snapshots) : IWinBackEntitlement
{
    public async Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken) =>
        (await snapshots.StandingAsync(tenant.Id, cancellationToken)).Has(PlanFeatures.WinBack);
}
