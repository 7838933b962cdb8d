using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Complaints;

public enum SlaBreachKind
{
    FirstResponse,
    Resolution,
}

/// <summary>
/// Stamps a breach once and leaves its timeline event, with whom to notify. The event is the notification intent:
/// the mail pipeline sends it through <see cref="IComplaintMail"/> when one is registered.
/// </summary>
internal static class SlaBreaches
{
    public const string EventType = "complaint.sla_breached";

    /// <summary>False when the breach was already stamped.</summary>
    public static bool Mark(TenantDbContext db, Complaint complaint, SlaBreachKind kind, DateTime at, IReadOnlyCollection<Guid> notify)
    {
        if (kind == SlaBreachKind.FirstResponse ? complaint.FirstResponseBreachedAt is not null : complaint.ResolutionBreachedAt is not null)
        {
            return false;
        }

        DateTime due;
        if (kind == SlaBreachKind.FirstResponse)
        {
            complaint.FirstResponseBreachedAt = at;
            due = complaint.FirstResponseDueAt;
        }
        else
        {
            complaint.ResolutionBreachedAt = at;
            due = complaint.ResolutionDueAt;
        }

        var word = SnakeCaseEnumConverter<SlaBreachKind>.ToWord(kind);
        Timeline.TimelineEvents.Record(db, complaint.CustomerId, at, EventType,
            $"Complaint \"{complaint.Subject}\" missed its {word.Replace('_', ' ')} target (due {due:yyyy-MM-dd HH:mm} UTC).",
            "complaint", complaint.Id, new { kind = word, dueAt = due, severity = complaint.Severity, notifyUserIds = notify });
        return true;
    }
}
