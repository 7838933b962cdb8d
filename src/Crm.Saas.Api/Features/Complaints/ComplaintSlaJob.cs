using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Every few minutes, per tenant: stamps each new SLA breach once (first response not acknowledged in time;
/// resolution overdue, the clock stopped while waiting on the customer), records it on the customer's timeline
/// with the users to notify (the assignee and the tenant's owners and admins), and hands due surveys and new
/// breaches to the mail pipeline when one is registered (<see cref="IComplaintMail"/>). One transaction per tenant;
/// running it again for the same moment changes nothing.
/// </summary>
public sealed class ComplaintSlaJob(
    TenantDatabases databases, IServiceScopeFactory scopes, SurveyTokens tokens, IOptions<ComplaintOptions> options, ILogger<ComplaintSlaJob> logger)
    : IWokenTenantJob
{
    public string Name => "complaint-sla";

    public TimeSpan Interval => options.Value.SlaCheckInterval;

    /// <summary>A complaint opened, moved, paused or resumed: its clocks changed.</summary>
    public IReadOnlyCollection<Type> WokenByChangesTo { get; } = [typeof(Complaint)];

    /// <summary>The earliest deadline still running (a paused clock waits for its resume, itself a change) or survey due.</summary>
    public async Task<DateTime?> NextDueAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = databases.Open(tenant);
        var complaints = db.Set<Complaint>().Where(c => c.DeletedAt == null);
        DateTime?[] due =
        [
            await complaints.Where(c => c.FirstResponseBreachedAt == null && c.Status == ComplaintStatus.Open)
                .MinAsync(c => (DateTime?)c.FirstResponseDueAt, cancellationToken),
            await complaints.Where(c => c.ResolutionBreachedAt == null && c.PausedSince == null
                    && c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed)
                .MinAsync(c => (DateTime?)c.ResolutionDueAt, cancellationToken),
            await complaints.Where(c => c.SurveyNonce != null && c.SurveySentAt == null && c.SurveyAnsweredAt == null && c.SurveyExpiresAt > now
                    && (c.Status == ComplaintStatus.Resolved || c.Status == ComplaintStatus.Closed))
                .MinAsync(c => c.SurveyDueAt, cancellationToken),
        ];
        return due.Min(); // nulls (nothing of that kind pending) are skipped
    }

    async Task ITenantJob.RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
    {
        var result = await RunForTenantAsync(tenant, now, cancellationToken);
        if (result.FirstResponseBreaches + result.ResolutionBreaches + result.SurveysHandedOver > 0)
        {
            logger.LogInformation("Complaint SLA for tenant {Tenant}: {First} first-response and {Resolution} resolution breaches, {Surveys} surveys handed to mail",
                tenant.Slug, result.FirstResponseBreaches, result.ResolutionBreaches, result.SurveysHandedOver);
        }
    }

    public async Task<SlaCheckResult> RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken = default)
    {
        now = StoredTime.Of(now);
        await using var scope = scopes.CreateAsyncScope();
        var mail = scope.ServiceProvider.GetService<IComplaintMail>();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var admins = await catalog.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenant.Id && (m.Role == TenantRole.Owner || m.Role == TenantRole.Admin))
            .OrderBy(m => m.CreatedAt).Select(m => m.UserId).ToListAsync(cancellationToken);

        await using var db = databases.Open(tenant);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var complaints = db.Set<Complaint>().Where(c => c.DeletedAt == null);
        var lateFirstResponses = await complaints
            .Where(c => c.FirstResponseBreachedAt == null && c.Status == ComplaintStatus.Open && c.FirstResponseDueAt < now)
            .ToListAsync(cancellationToken);
        var lateResolutions = await complaints
            .Where(c => c.ResolutionBreachedAt == null && c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed
                && ((c.PausedSince == null && c.ResolutionDueAt < now) || (c.PausedSince != null && c.PausedSince > c.ResolutionDueAt)))
            .ToListAsync(cancellationToken);

        async Task MarkAsync(Complaint complaint, SlaBreachKind kind)
        {
            IReadOnlyCollection<Guid> notify = [.. (complaint.AssigneeUserId is { } a ? new[] { a } : []).Concat(admins).Distinct()];
            if (SlaBreaches.Mark(db, complaint, kind, now, notify))
            {
                complaint.UpdatedAt = now;
                complaint.Version++;
                if (mail is not null)
                {
                    await mail.SlaBreachedAsync(db, tenant, complaint, kind, notify, now, cancellationToken);
                }
            }
        }

        foreach (var complaint in lateFirstResponses)
        {
            await MarkAsync(complaint, SlaBreachKind.FirstResponse);
        }

        foreach (var complaint in lateResolutions)
        {
            await MarkAsync(complaint, SlaBreachKind.Resolution);
        }

        var surveys = 0;
        if (mail is not null)
        {
            var due = await complaints
                .Where(c => c.SurveyNonce != null && c.SurveySentAt == null && c.SurveyAnsweredAt == null && c.SurveyDueAt <= now && c.SurveyExpiresAt > now
                    && (c.Status == ComplaintStatus.Resolved || c.Status == ComplaintStatus.Closed))
                .ToListAsync(cancellationToken);
            foreach (var complaint in due)
            {
                if (!await mail.SurveyDueAsync(db, tenant, complaint, tokens.Url(tenant.Id, complaint), now, cancellationToken))
                {
                    continue;
                }

                complaint.SurveySentAt = now;
                complaint.Version++;
                surveys++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SlaCheckResult(lateFirstResponses.Count, lateResolutions.Count, surveys);
    }
}

/// <summary>What one tenant's pass found.</summary>
public sealed record SlaCheckResult(int FirstResponseBreaches, int ResolutionBreaches, int SurveysHandedOver);
