namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// A complaint's SLA in business time. Due times: first response = intake + target; resolution = clock start +
/// target + the business minutes spent waiting on the customer since then (so a pause shifts it by exactly its
/// business length). Breached: the stamp is set, or the relevant moment (acknowledgement, resolution, the start of
/// the current pause, or now) is past the due time.
/// </summary>
public static class SlaClock
{
    public static void Start(Complaint complaint, ComplaintRules rules, DateTime at)
    {
        complaint.ClockStartedAt = at;
        complaint.PausedBusinessMinutes = 0;
        Recompute(complaint, rules);
    }

    /// <summary>Due times from the stored clock start, severity and pause; after intake, a severity change or a pause.</summary>
    public static void Recompute(Complaint complaint, ComplaintRules rules)
    {
        var (firstResponse, resolution) = rules.Targets[complaint.Severity];
        complaint.FirstResponseDueAt = rules.Calendar.AddBusinessMinutes(complaint.CreatedAt, firstResponse);
        complaint.ResolutionDueAt = rules.Calendar.AddBusinessMinutes(complaint.ClockStartedAt, resolution + complaint.PausedBusinessMinutes);
    }

    public static void Pause(Complaint complaint, DateTime at) => complaint.PausedSince = at;

    public static void Resume(Complaint complaint, ComplaintRules rules, DateTime at)
    {
        if (complaint.PausedSince is not { } since)
        {
            return;
        }

        var paused = Math.Max(0, rules.Calendar.BusinessMinutesBetween(since, at));
        complaint.PausedSince = null;
        complaint.PausedBusinessMinutes += paused;
        complaint.WaitedBusinessMinutes += paused;

        // Shift the stored due time rather than recompute it, so a settings change since intake does not move it.
        complaint.ResolutionDueAt = rules.Calendar.AddBusinessMinutes(complaint.ResolutionDueAt, paused);
    }

    public static bool FirstResponseBreached(Complaint c, DateTime now) =>
        c.FirstResponseBreachedAt is not null || (c.AcknowledgedAt ?? (c.IsOpen ? now : c.ResolvedAt ?? c.ClosedAt ?? now)) > c.FirstResponseDueAt;

    public static bool ResolutionBreached(Complaint c, DateTime now) =>
        c.ResolutionBreachedAt is not null || ResolutionMoment(c, now) > c.ResolutionDueAt;

    /// <summary>Business minutes left to acknowledge; null once acknowledged (or no longer open); negative when overdue.</summary>
    public static int? FirstResponseRemaining(Complaint c, ComplaintRules rules, DateTime now) =>
        c.AcknowledgedAt is null && c.IsOpen ? rules.Calendar.BusinessMinutesBetween(now, c.FirstResponseDueAt) : null;

    /// <summary>Business minutes left to resolve (frozen while waiting); null once resolved; negative when overdue.</summary>
    public static int? ResolutionRemaining(Complaint c, ComplaintRules rules, DateTime now) =>
        c.IsOpen ? rules.Calendar.BusinessMinutesBetween(ResolutionMoment(c, now), c.ResolutionDueAt) : null;

    private static DateTime ResolutionMoment(Complaint c, DateTime now) =>
        c.IsOpen ? c.PausedSince ?? now : c.ResolvedAt ?? c.ClosedAt ?? now;
}
