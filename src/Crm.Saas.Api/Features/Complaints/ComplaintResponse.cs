namespace Crm.Saas.Api.Features.Complaints;

/// <summary>A complaint as the API shows it, with its SLA state as of the moment of the read.</summary>
public sealed record ComplaintResponse(
    Guid Id,
    Guid CustomerId,
    Guid? ContactId,
    ComplaintChannel Channel,
    ComplaintCategory Category,
    int Severity,
    string Subject,
    string Description,
    Guid? AssigneeUserId,
    ComplaintStatus Status,
    IReadOnlyList<string> AllowedActions,
    ComplaintSla Sla,
    ComplaintResolution? Resolution,
    ComplaintSurvey? Survey,
    int ReopenCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? AcknowledgedAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt)
{
    public static ComplaintResponse From(Complaint c, ComplaintRules rules, DateTime now, string? surveyUrl) => new(
        c.Id, c.CustomerId, c.ContactId, c.Channel, c.Category, c.Severity, c.Subject, c.Description, c.AssigneeUserId, c.Status,
        ComplaintWorkflow.Allowed(c, rules, now),
        new ComplaintSla(
            c.FirstResponseDueAt, c.ResolutionDueAt,
            SlaClock.FirstResponseRemaining(c, rules, now), SlaClock.ResolutionRemaining(c, rules, now),
            SlaClock.FirstResponseBreached(c, now), SlaClock.ResolutionBreached(c, now),
            c.FirstResponseBreachedAt, c.ResolutionBreachedAt, c.PausedSince is not null, c.PausedSince,
            c.FirstResponseBusinessMinutes, c.ResolutionBusinessMinutes),
        c.ResolutionNote is null ? null : new ComplaintResolution(c.ResolutionNote, c.RootCause!, c.GoodwillPoints),
        c.SurveyNonce is null ? null : new ComplaintSurvey(surveyUrl!, c.SurveyDueAt!.Value, c.SurveyExpiresAt!.Value, c.SurveySentAt,
            c.SurveyAnsweredAt, c.CsatScore, c.CsatComment),
        c.ReopenCount, c.CreatedAt, c.UpdatedAt, c.AcknowledgedAt, c.ResolvedAt, c.ClosedAt);
}

/// <summary>
/// The SLA clocks in business minutes. <c>*Remaining</c> is negative when overdue and absent once met;
/// <c>*Breached</c> says whether the target was (or is being) missed; <c>*BreachedAt</c> when the breach was recorded.
/// </summary>
public sealed record ComplaintSla(
    DateTime FirstResponseDueAt,
    DateTime ResolutionDueAt,
    int? FirstResponseRemainingMinutes,
    int? ResolutionRemainingMinutes,
    bool FirstResponseBreached,
    bool ResolutionBreached,
    DateTime? FirstResponseBreachedAt,
    DateTime? ResolutionBreachedAt,
    bool Paused,
    DateTime? PausedSince,
    int? FirstResponseBusinessMinutes,
    int? ResolutionBusinessMinutes);

public sealed record ComplaintResolution(string Note, string RootCause, int? GoodwillPoints);

/// <summary>The satisfaction survey: its signed, single-use link, when it is due to be sent, and the answer.</summary>
public sealed record ComplaintSurvey(
    string Url, DateTime DueAt, DateTime ExpiresAt, DateTime? SentAt, DateTime? AnsweredAt, int? Score, string? Comment);

public sealed record CommentResponse(Guid Id, Guid ComplaintId, string Body, CommentVisibility Visibility, string? AuthorType, Guid? AuthorId, DateTime CreatedAt)
{
    public static CommentResponse From(ComplaintComment c) => new(c.Id, c.ComplaintId, c.Body, c.Visibility, c.AuthorType, c.AuthorId, c.CreatedAt);
}
