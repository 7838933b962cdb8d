using Crm.Saas.Api.Tests.Support;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Jobs;

/// <summary>Helpers for tests that run a real Hangfire server in the host: settings that make it poll fast, and waits.</summary>
public static class JobServer
{
    public static Dictionary<string, string?> Settings(int workers = 4, int retries = 0) => new()
    {
        ["Jobs:Server"] = "true",
        ["Jobs:WorkerCount"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:PollInterval"] = "00:00:00.200",
        ["Jobs:RetryAttempts"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static IBackgroundJobClient Jobs(this CrmApp app) => app.Services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>Waits until the job reaches a final state (succeeded, failed, deleted) and returns it.</summary>
    public static async Task<string> FinalStateAsync(this CrmApp app, string jobId, TimeSpan? timeout = null)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var state = monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
            if (state == SucceededState.StateName || state == FailedState.StateName || state == DeletedState.StateName)
            {
                return state;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Job {jobId} did not finish.");
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting" + (what is null ? "" : " for " + what));
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static StateHistoryDto? LastFailure(this CrmApp app, string jobId) =>
        app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId)?.History.FirstOrDefault(h => h.StateName == FailedState.StateName);
}
