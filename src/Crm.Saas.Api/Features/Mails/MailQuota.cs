using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// How many customer mails the tenant's plan lets it send per calendar month (UTC), or null for no limit.
/// Implemented by billing over the plan's <c>mailsPerMonth</c>; without billing there is no limit.
/// </summary>
public interface IMailQuota
{
    Task<long?> MonthlyLimitAsync(TenantInfo tenant, CancellationToken cancellationToken);
}

internal sealed class NoMailQuota : IMailQuota
{
    public Task<long?> MonthlyLimitAsync(TenantInfo tenant, CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}

/// <summary>
/// What counts against the quota: mails sent to customers this calendar month (UTC). Staff notices (to the tenant's
/// own users) do not count. Past the quota, marketing mails are suppressed (<c>plan_limit</c>) rather than held:
/// a welcome or win-back offer a month late would be wrong. Transactional ones (the complaint survey) still go, as
/// part of the service the tenant already gave; they count all the same.
/// </summary>
public static class MailUsage
{
    public const string OverQuota = "plan_limit";

    public static Task<long> SentThisMonthAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return db.Set<Mail>().LongCountAsync(
            m => m.Status == MailStatus.Sent && m.SentAt >= monthStart && !MailKinds.Staff.Contains(m.Kind), cancellationToken);
    }
}
