using Crm.Saas.Api.Features.Campaigns;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>Win-back for the daily run: the plan's <c>winBack</c> feature, asked in a scope of its own (the job is a singleton).</summary>
internal sealed class PlanWinBackEntitlement(IServiceScopeFactory scopes) : IWinBackEntitlement
{
    public async Task<bool> AllowsWinBackAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var entitlements = scope.ServiceProvider.GetRequiredService<IEntitlements>();
        return await entitlements.RefuseWithoutFeatureAsync(tenant.Id, PlanFeatures.WinBack, cancellationToken) is null;
    }
}
