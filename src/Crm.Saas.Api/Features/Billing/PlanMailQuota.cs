using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>The mail sender's monthly quota: the plan's <c>mailsPerMonth</c> in the tenant's current standing.</summary>
internal sealed class PlanMailQuota(BillingSnapshots snapshots) : IMailQuota
{
    public async Task<long?> MonthlyLimitAsync(TenantInfo tenant, CancellationToken cancellationToken) =>
        (await snapshots.StandingAsync(tenant.Id, cancellationToken)).Limit(PlanLimits.MailsPerMonth);
}
