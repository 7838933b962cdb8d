using Crm.Saas.Api.Features.Complaints;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>The status workflow as the issue draws it, every status against every action.</summary>
public sealed class WorkflowTableTests
{
    public static readonly Dictionary<ComplaintStatus, string[]> Expected = new()
    {
        [ComplaintStatus.Open] = ["acknowledge"],
        [ComplaintStatus.Acknowledged] = ["start"],
        [ComplaintStatus.InProgress] = ["wait", "resolve"],
        [ComplaintStatus.WaitingOnCustomer] = ["resume"],
        [ComplaintStatus.Resolved] = ["close", "reopen"],
        [ComplaintStatus.Closed] = ["reopen"],
    };

    [Fact]
    public void Each_status_allows_exactly_its_actions()
    {
        var now = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
        foreach (var (status, actions) in Expected)
        {
            Assert.Equal(actions, ComplaintWorkflow.Allowed(status, resolvedAt: now.AddDays(-1), TimeSpan.FromDays(14), now));
        }
    }

    [Fact]
    public void Reopening_is_allowed_only_inside_the_window_after_resolution()
    {
        var resolved = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
        var window = TimeSpan.FromDays(14);
        Assert.Contains("reopen", ComplaintWorkflow.Allowed(ComplaintStatus.Closed, resolved, window, resolved + window));
        Assert.DoesNotContain("reopen", ComplaintWorkflow.Allowed(ComplaintStatus.Closed, resolved, window, resolved + window + TimeSpan.FromSeconds(1)));
        Assert.Equal(["close"], ComplaintWorkflow.Allowed(ComplaintStatus.Resolved, resolved, TimeSpan.Zero, resolved.AddMinutes(1)));
    }
}
