namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The status workflow as a table: <c>open → acknowledged → in_progress ⇄ waiting_on_customer</c>,
/// <c>in_progress → resolved → closed</c>, and reopen from resolved or closed (inside the reopen window) back to in_progress.
/// </summary>
public static class ComplaintWorkflow
{
    public const string Acknowledge = "acknowledge";
    public const string Start = "start";
    public const string Wait = "wait";
    public const string Resume = "resume";
    public const string Resolve = "resolve";
    public const string Close = "close";
    public const string Reopen = "reopen";

    public static readonly IReadOnlyList<string> Actions = [Acknowledge, Start, Wait, Resume, Resolve, Close, Reopen];

    private static readonly Dictionary<string, (ComplaintStatus[] From, ComplaintStatus To)> Table = new(StringComparer.Ordinal)
    {
        [Acknowledge] = ([ComplaintStatus.Open], ComplaintStatus.Acknowledged),
        [Start] = ([ComplaintStatus.Acknowledged], ComplaintStatus.InProgress),
        [Wait] = ([ComplaintStatus.InProgress], ComplaintStatus.WaitingOnCustomer),
        [Resume] = ([ComplaintStatus.WaitingOnCustomer], ComplaintStatus.InProgress),
        [Resolve] = ([ComplaintStatus.InProgress], ComplaintStatus.Resolved),
        [Close] = ([ComplaintStatus.Resolved], ComplaintStatus.Closed),
        [Reopen] = ([ComplaintStatus.Resolved, ComplaintStatus.Closed], ComplaintStatus.InProgress),
    };

    public static bool IsOpen(ComplaintStatus status) => status is not (ComplaintStatus.Resolved or ComplaintStatus.Closed);

    public static ComplaintStatus Target(string action) => Table[action].To;

    /// <summary>The actions allowed now; reopen only until the window after the last resolution has passed.</summary>
    public static IReadOnlyList<string> Allowed(ComplaintStatus status, DateTime? resolvedAt, TimeSpan reopenWindow, DateTime now) =>
        Actions.Where(a => Table[a].From.Contains(status)
            && (a != Reopen || (resolvedAt is { } resolved && now <= resolved + reopenWindow))).ToList();

    public static IReadOnlyList<string> Allowed(Complaint complaint, ComplaintRules rules, DateTime now) =>
        Allowed(complaint.Status, complaint.ResolvedAt, rules.ReopenWindow, now);
}
