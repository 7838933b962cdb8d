using Crm.Saas.Api.Persistence;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Hangfire, wired per host rather than through Hangfire's static globals: each host builds its own storage,
/// filters and activator and hands them to its server, clients and dashboard, so several hosts in one process (the
/// tests) never share a storage by accident. PostgreSQL storage lives in its own schema of the catalog's database;
/// the SQLite default keeps jobs in memory (nothing to install; a restart forgets queued jobs, never mails, which
/// are rows in the tenant's store).
/// </summary>
internal static class JobsSetup
{
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section))
            .Validate(o => o.WorkerCount is >= 1 and <= 200, "Jobs:WorkerCount must be 1–200.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Jobs:PollInterval must be positive.")
            .Validate(o => o.RetryAttempts is >= 0 and <= 50, "Jobs:RetryAttempts must be 0–50.")
            .ValidateOnStart();
        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section));

        // Registered before AddHangfire, whose TryAdd then keeps ours instead of the process-wide statics.
        services.AddSingleton<JobStorage>(sp => Configured(sp) ?? CreateStorage(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<IOptions<JobsOptions>>().Value));
        services.AddSingleton<TenantScopeFilter>();
        services.AddSingleton<IJobFilterProvider>(sp => Filters(sp));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) =>
        {
            HangfireLogging.Use(sp.GetRequiredService<ILoggerFactory>());
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new HangfireLogging());
        });

        services.AddSingleton<TenantJobWakeups>();
        services.AddSingleton<WakeJobsOnCommit>();
        services.AddScoped<TenantJobDispatcher>();
        services.AddScoped<TenantJobRunner>();
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (options.Server)
        {
            // The nodes that run jobs keep the schedule; an API-only node touches the storage only when it enqueues.
            services.AddHostedService<RecurringTenantJobs>();
            services.AddHangfireServer((sp, server) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = jobs.WorkerCount;
                server.SchedulePollingInterval = jobs.PollInterval;
                server.ShutdownTimeout = TimeSpan.FromSeconds(5);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
            });
        }

        return services;
    }

    /// <summary>Registers a job as itself (so tests can run one tenant's pass directly) and as an <see cref="ITenantJob"/>.</summary>
    public static IServiceCollection AddTenantJob<TJob>(this IServiceCollection services)
        where TJob : class, ITenantJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<ITenantJob>(sp => sp.GetRequiredService<TJob>());
        return services;
    }

    /// <summary>The nearest cron for an interval (Hangfire schedules by cron): every N seconds, minutes or hours, else daily at midnight UTC.</summary>
    public static string CronFor(TimeSpan interval) => interval switch
    {
        { TotalSeconds: < 60 } => $"*/{Math.Max(1, (int)interval.TotalSeconds)} * * * * *",
        { TotalMinutes: < 60 } => $"*/{(int)interval.TotalMinutes} * * * *",
        { TotalHours: < 24 } => $"0 */{(int)interval.TotalHours} * * *",
        _ => Cron.Daily(),
    };

    /// <summary>Makes sure Hangfire's process-wide settings (serializer, logging) are applied before the storage logs anything.</summary>
    private static JobStorage? Configured(IServiceProvider services)
    {
        services.GetRequiredService<IGlobalConfiguration>();
        return null;
    }

    private static JobStorage CreateStorage(DatabaseOptions database, JobsOptions jobs) => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(JobsConnectionString(database.Catalog!), new PostgreSqlStorageOptions { SchemaName = jobs.Schema }),
            new PostgreSqlStorageOptions
            {
                SchemaName = jobs.Schema,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = jobs.PollInterval,
                InvisibilityTimeout = TimeSpan.FromMinutes(30),
            }),
        _ => new InMemoryStorage(new InMemoryStorageOptions()),
    };

    /// <summary>
    /// The catalog's database under another application name, which gives Hangfire a pool of its own: its polling and
    /// bookkeeping then never wait for (or make requests wait for) the request pool's connections, and its two dozen
    /// statements do not push the requests' hot statements out of each connection's automatic-preparation slots.
    /// It also tells the jobs' sessions apart in <c>pg_stat_activity</c>.
    /// </summary>
    private static string JobsConnectionString(string catalog) =>
        new Npgsql.NpgsqlConnectionStringBuilder(ConnectionStrings.Postgres(catalog)) { ApplicationName = "crm-saas-jobs" }.ConnectionString;

    private static JobFilterCollection Filters(IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var filters = new JobFilterCollection
        {
            new StatisticsHistoryAttribute(),
            new ContinuationsSupportAttribute(),
            new AutomaticRetryAttribute { Attempts = jobs.RetryAttempts, DelaysInSeconds = [5, 30, 120, 600, 1800] },
            services.GetRequiredService<TenantScopeFilter>(),
        };
        return filters;
    }
}
