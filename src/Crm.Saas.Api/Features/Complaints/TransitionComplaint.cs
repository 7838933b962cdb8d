using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The workflow actions. Each checks the table (<see cref="ComplaintWorkflow"/>): an impossible move is a 409 listing
/// what is allowed. If-Match is optional here (the state itself guards the move); when sent, a stale one is a 412.
/// </summary>
internal static class TransitionComplaint
{
    public static Task<IResult> Acknowledge(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Acknowledge, id, null, request, db, views, services, cancellationToken);

    public static Task<IResult> Start(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Start, id, null, request, db, views, services, cancellationToken);

    public static Task<IResult> Wait(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Wait, id, null, request, db, views, services, cancellationToken);

    public static Task<IResult> Resume(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Resume, id, null, request, db, views, services, cancellationToken);

    public static Task<IResult> Resolve(
        Guid id, ResolveComplaintRequest body, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services,
        CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Resolve, id, body, request, db, views, services, cancellationToken);

    public static Task<IResult> Close(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Close, id, null, request, db, views, services, cancellationToken);

    public static Task<IResult> Reopen(Guid id, HttpRequest request, TenantDbContext db, ComplaintViews views, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(ComplaintWorkflow.Reopen, id, null, request, db, views, services, cancellationToken);

    private static async Task<IResult> RunAsync(
        string action, Guid id, ResolveComplaintRequest? resolution, HttpRequest request, TenantDbContext db, ComplaintViews views,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.LiveAsync(db, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintQueries.NotFound();
        }

        if (request.Headers.IfMatch.Count > 0 && ETags.CheckIfMatch(request, complaint.Version) is { } stale)
        {
            return stale;
        }

        if (resolution is not null
            && await services.GetRequiredService<IValidator<ResolveComplaintRequest>>().RefuseInvalidAsync(resolution, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var rules = await views.RulesAsync(cancellationToken);
        var now = views.Now;
        var allowed = ComplaintWorkflow.Allowed(complaint, rules, now);
        if (!allowed.Contains(action))
        {
            return ComplaintQueries.NotAllowed(action, complaint.Status, allowed);
        }

        var from = complaint.Status;
        var wasOpen = complaint.IsOpen;
        var notify = complaint.AssigneeUserId is { } assignee ? new[] { assignee } : [];
        switch (action)
        {
            case ComplaintWorkflow.Acknowledge:
                complaint.AcknowledgedAt = now;
                complaint.FirstResponseBusinessMinutes = Math.Max(0, rules.Calendar.BusinessMinutesBetween(complaint.CreatedAt, now));
                if (now > complaint.FirstResponseDueAt)
                {
                    SlaBreaches.Mark(db, complaint, SlaBreachKind.FirstResponse, now, notify);
                }

                break;
            case ComplaintWorkflow.Wait:
                SlaClock.Pause(complaint, now);
                break;
            case ComplaintWorkflow.Resume:
                SlaClock.Resume(complaint, rules, now);
                break;
            case ComplaintWorkflow.Resolve:
                await ResolveAsync(complaint, resolution!, rules, now, notify, db, services, cancellationToken);
                break;
            case ComplaintWorkflow.Close:
                complaint.ClosedAt = now;
                break;
            case ComplaintWorkflow.Reopen:
                Reopen(complaint, rules, now);
                break;
        }

        complaint.Status = ComplaintWorkflow.Target(action);
        complaint.UpdatedAt = now;
        complaint.Version++;
        if (wasOpen != complaint.IsOpen)
        {
            await OpenComplaintCount.AdjustAsync(db, complaint.CustomerId, complaint.IsOpen ? +1 : -1, now, cancellationToken);
        }

        var fromWord = CreateComplaint.Word(from);
        var toWord = CreateComplaint.Word(complaint.Status);
        Timeline.TimelineEvents.Record(db, complaint.CustomerId, now, EventTypes[action], $"Complaint \"{complaint.Subject}\" {Past[action]} ({fromWord} → {toWord}).",
            "complaint", complaint.Id, new { action, from = fromWord, to = toWord, complaint.GoodwillPoints });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ComplaintQueries.Changed();
        }

        return ResourceResults.Ok(views.Show(complaint, rules), complaint.Version);
    }

    private static async Task ResolveAsync(
        Complaint complaint, ResolveComplaintRequest resolution, ComplaintRules rules, DateTime now, Guid[] notify, TenantDbContext db,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        if (now > complaint.ResolutionDueAt)
        {
            SlaBreaches.Mark(db, complaint, SlaBreachKind.Resolution, now, notify);
        }

        complaint.ResolvedAt = now;
        complaint.FirstResolvedAt ??= now;
        complaint.ClosedAt = null;
        complaint.ResolutionNote = resolution.ResolutionNote!.Trim();
        complaint.RootCause = resolution.RootCause!.Trim();
        complaint.GoodwillPoints = resolution.GoodwillPoints;
        complaint.ResolutionBusinessMinutes =
            Math.Max(0, rules.Calendar.BusinessMinutesBetween(complaint.CreatedAt, now) - complaint.WaitedBusinessMinutes);

        // The loyalty ledger implements IGoodwillPoints; without it the points stay recorded on the complaint only.
        if (resolution.GoodwillPoints is { } points && services.GetService<IGoodwillPoints>() is { } goodwill)
        {
            await goodwill.GrantAsync(db, complaint.CustomerId, points, complaint.Id, now, cancellationToken);
        }

        // One survey per complaint: a new resolution after a reopen gets a fresh link unless the customer already answered.
        if (complaint.SurveyAnsweredAt is null)
        {
            complaint.SurveyNonce = SurveyTokens.NewNonce();
            complaint.SurveyDueAt = now + rules.SurveyDelay;
            var expires = complaint.SurveyDueAt.Value + rules.SurveyValidity;
            complaint.SurveyExpiresAt = new DateTime(expires.Ticks - (expires.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            complaint.SurveySentAt = null;
        }
    }

    private static void Reopen(Complaint complaint, ComplaintRules rules, DateTime now)
    {
        complaint.ReopenCount++;
        complaint.ResolvedAt = null;
        complaint.ClosedAt = null;
        complaint.ResolutionBusinessMinutes = null;

        // A fresh resolution clock from the reopening; the earlier cycle's breach no longer applies to it.
        complaint.ResolutionBreachedAt = null;
        SlaClock.Start(complaint, rules, now);
        if (complaint.SurveyAnsweredAt is null)
        {
            complaint.SurveyNonce = null; // the pending survey's link stops working; resolving again issues a new one
            complaint.SurveyDueAt = null;
            complaint.SurveyExpiresAt = null;
            complaint.SurveySentAt = null;
        }
    }

    private static readonly Dictionary<string, string> EventTypes = new()
    {
        [ComplaintWorkflow.Acknowledge] = "complaint.acknowledged",
        [ComplaintWorkflow.Start] = "complaint.started",
        [ComplaintWorkflow.Wait] = "complaint.waiting",
        [ComplaintWorkflow.Resume] = "complaint.resumed",
        [ComplaintWorkflow.Resolve] = "complaint.resolved",
        [ComplaintWorkflow.Close] = "complaint.closed",
        [ComplaintWorkflow.Reopen] = "complaint.reopened",
    };

    private static readonly Dictionary<string, string> Past = new()
    {
        [ComplaintWorkflow.Acknowledge] = "acknowledged",
        [ComplaintWorkflow.Start] = "in progress",
        [ComplaintWorkflow.Wait] = "waiting on the customer",
        [ComplaintWorkflow.Resume] = "resumed",
        [ComplaintWorkflow.Resolve] = "resolved",
        [ComplaintWorkflow.Close] = "closed",
        [ComplaintWorkflow.Reopen] = "reopened",
    };
}
