using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>Reads and answers the complaint endpoints share.</summary>
internal static class ComplaintQueries
{
    public const string TransitionNotAllowed = ProblemTypes.Base + "complaint-transition-not-allowed";
    public const string SurveyExpired = ProblemTypes.Base + "survey-expired";
    public const string SurveyAnswered = ProblemTypes.Base + "survey-answered";

    public static Task<Complaint?> LiveAsync(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Set<Complaint>().FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("complaint");

    public static ProblemHttpResult NotAllowed(string action, ComplaintStatus status, IReadOnlyList<string> allowed)
    {
        var word = SnakeCaseEnumConverter<ComplaintStatus>.ToWord(status);
        var detail = action == ComplaintWorkflow.Reopen && status is ComplaintStatus.Resolved or ComplaintStatus.Closed
            ? $"The reopen window after resolution has passed. Allowed now: {Describe(allowed)}."
            : $"A complaint that is {word} cannot {action}. Allowed now: {Describe(allowed)}.";
        return ApiProblems.Problem(409, TransitionNotAllowed, "Transition not allowed", detail,
            new Dictionary<string, object?> { ["currentStatus"] = word, ["action"] = action, ["allowedActions"] = allowed });
    }

    public static ProblemHttpResult Changed() =>
        ApiProblems.Problem(409, ProblemTypes.WriteConflict, "Complaint changed",
            "Someone else changed this complaint at the same moment. Read it again and retry.");

    private static string Describe(IReadOnlyList<string> allowed) => allowed.Count == 0 ? "nothing" : string.Join(", ", allowed);
}

/// <summary>Keeps the customer's <c>openComplaints</c> in step, atomically in SQL, in the caller's transaction.</summary>
internal static class OpenComplaintCount
{
    public static Task AdjustAsync(TenantDbContext db, Guid customerId, int delta, DateTime now, CancellationToken cancellationToken) =>
        db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.OpenComplaints, c => c.OpenComplaints + delta < 0 ? 0 : c.OpenComplaints + delta)
            .SetProperty(c => c.Version, c => c.Version + 1)
            .SetProperty(c => c.UpdatedAt, now), cancellationToken);
}
