using Crm.Saas.Api.Features.Billing.Contracts;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>
/// The daily win-back pass over one tenant: selects (<see cref="WinBackSelection"/>), records the run and queues one
/// mail per selected customer in one transaction, then asks for enough sender jobs to spread the sending over every
/// worker. Running it again the same day selects nobody new: each mailed customer is inside the cool-down.
/// </summary>
public sealed class WinBackCampaign(
    TenantDatabases databases, IWinBackEntitlement entitlement, IBackgroundJobClient jobs, IOptions<MailOptions> mail,
    IOptions<CampaignOptions> options, ILogger<WinBackCampaign> logger) : ITenantJob
{
    /// <summary>Most sender jobs queued after one run: enough to keep several workers busy, few enough not to flood the queue.</summary>
    private const int MaxSenders = 8;

    public const string JobName = "win-back";

    public string Name => JobName;

    public TimeSpan Interval => options.Value.WinBackInterval;

    Task ITenantJob.RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken) => RunAsync(tenant, now, cancellationToken);

    /// <summary>One pass; returns the run, or null when the campaign is off or not in the tenant's plan.</summary>
    public async Task<WinBackRun?> RunAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken = default)
    {
        if (!await entitlement.AllowsWinBackAsync(tenant, cancellationToken))
        {
            return null;
        }

        now = StoredTime.Of(now);
        WinBackRun run;
        await using (var db = databases.Open(tenant))
        {
            var settings = await WinBackSettingsQueries.CurrentAsync(db, cancellationToken);
            if (!settings.Enabled)
            {
                return null;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var selected = await WinBackSelection.SelectAsync(db, settings, now, cancellationToken);
            run = new WinBackRun { Id = Guid.CreateVersion7(), StartedAt = now, Selected = selected.Count };
            db.Set<WinBackRun>().Add(run);
            foreach (var candidate in selected)
            {
                MailOutbox.Queue(db, candidate.Id, candidate.Email, MailKind.WinBack, WinBackSelection.DedupeKey(candidate), now, now,
                    run.Id, settings.OfferCode, settings.OfferPoints);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var senders = Math.Min(MaxSenders, (run.Selected + mail.Value.BatchSize - 1) / mail.Value.BatchSize);
        var tenantId = tenant.Id;
        for (var i = 0; i < senders; i++)
        {
            jobs.Enqueue<TenantJobRunner>(r => r.RunAsync(tenantId, MailSender.JobName, CancellationToken.None));
        }

        logger.LogInformation("Win-back run for tenant {Tenant}: {Selected} mails queued, {Senders} senders", tenant.Slug, run.Selected, senders);
        return run;
    }
}

public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>How often the win-back pass runs over every tenant (daily by default); <c>00:00:00</c> turns it off.</summary>
    public TimeSpan WinBackInterval { get; set; } = TimeSpan.FromDays(1);
}
