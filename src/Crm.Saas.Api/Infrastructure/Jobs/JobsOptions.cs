namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>How this process takes part in background work. Bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server (worker) in this process. An API-only node sets it false; a worker-only node runs with <c>Jobs:Api=false</c>.</summary>
    public bool Server { get; set; } = true;

    /// <summary>Serve the HTTP API. False makes the process a worker only (health endpoints stay up).</summary>
    public bool Api { get; set; } = true;

    /// <summary>Hangfire worker threads in this process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>How often an idle worker looks for queued jobs (PostgreSQL storage) and for due scheduled jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL schema of the Hangfire tables (in the catalog's database).</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>Tries of a failing job before it is left failed (visible in the dashboard).</summary>
    public int RetryAttempts { get; set; } = 5;
}

/// <summary>The platform operators' account for the <c>/jobs</c> dashboard (HTTP basic). Unset: the dashboard refuses everyone.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operators";

    public string? Username { get; set; }

    public string? Password { get; set; }
}
