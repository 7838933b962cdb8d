using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Jobs;

/// <summary>Per-tenant jobs on Hangfire: fanned out per tenant, each in its own tenant's scope, never without one.</summary>
public abstract class TenantJobTests(CrmApp app)
{
    [Fact]
    public async Task The_dispatcher_runs_a_tenant_job_once_per_tenant_each_seeing_only_its_own_data()
    {
        var probe = new ProbeRuns();
        await using var server = app.Sibling(s => s.AddTenantJob<ProbeJob>().AddSingleton(probe), JobServer.Settings());
        await server.InitializeAsync();
        var a = await server.Anonymous().SignUpAsync();
        var b = await server.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", new { kind = "person", name = "Only A" }));
        await Expect.StatusAsync(HttpStatusCode.Created, await b.Client.PostAsync("/v1/customers", new { kind = "person", name = "Only B" }));

        var dispatch = server.Jobs().Enqueue<TenantJobDispatcher>(d => d.DispatchAsync(ProbeJob.JobName, CancellationToken.None));
        Assert.Equal("Succeeded", await server.FinalStateAsync(dispatch));
        await JobServer.UntilAsync(() => probe.Runs.Count >= 2, what: "both tenants' runs");
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Equal(2, probe.Runs.Count);
        var runA = Assert.Single(probe.Runs, r => r.Argument == a.TenantId);
        var runB = Assert.Single(probe.Runs, r => r.Argument == b.TenantId);
        Assert.Equal(a.TenantId, runA.InScope);
        Assert.Equal(b.TenantId, runB.InScope);
        Assert.Equal(["Only A"], runA.CustomersSeen);
        Assert.Equal(["Only B"], runB.CustomersSeen);
    }

    [Fact]
    public async Task A_tenant_job_without_a_known_active_tenant_is_refused_and_never_runs()
    {
        var probe = new ProbeRuns();
        await using var server = app.Sibling(s => s.AddTenantJob<ProbeJob>().AddSingleton(probe), JobServer.Settings());
        await server.InitializeAsync();
        await server.Anonymous().SignUpAsync();

        foreach (var tenantId in new[] { Guid.Empty, Guid.CreateVersion7() })
        {
            var job = server.Jobs().Enqueue<TenantJobRunner>(r => r.RunAsync(tenantId, ProbeJob.JobName, CancellationToken.None));
            Assert.Equal("Failed", await server.FinalStateAsync(job));
            Assert.Contains(nameof(TenantRequiredException), server.LastFailure(job)?.Data["ExceptionType"] ?? "");
        }

        Assert.Empty(probe.Runs);
    }

    [Fact]
    public async Task A_platform_job_runs_with_no_tenant_in_scope()
    {
        await using var server = app.Sibling(settings: JobServer.Settings());
        await server.InitializeAsync();
        var job = server.Jobs().Enqueue<ScopeReporter>(r => r.Report(null));
        Assert.Equal("Succeeded", await server.FinalStateAsync(job));
        Assert.True(ScopeReporter.Seen.TryGetValue(job, out var seen));
        Assert.Null(seen);
    }

    [Fact]
    public async Task The_jobs_dashboard_admits_the_operator_only()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        using var anonymous = await app.Anonymous().Http.GetAsync("/jobs", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var tenantUser = await tenant.Client.Http.GetAsync("/jobs", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, tenantUser.StatusCode);

        foreach (var (credentials, expected) in new[] { ("operator:wrong", HttpStatusCode.Unauthorized), ("operator:Operator-pass-2026", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            using var response = await app.Anonymous().Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(expected, response.StatusCode);
        }

        // Deeper dashboard paths (its JSON stats, its pages) are behind the same gate.
        using var stats = await tenant.Client.Http.PostAsync("/jobs/stats", new StringContent(""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
    }

    [Fact]
    public void Intervals_map_to_the_nearest_cron()
    {
        Assert.Equal("*/30 * * * * *", JobsSetup.CronFor(TimeSpan.FromSeconds(30)));
        Assert.Equal("*/5 * * * *", JobsSetup.CronFor(TimeSpan.FromMinutes(5)));
        Assert.Equal("0 */6 * * *", JobsSetup.CronFor(TimeSpan.FromHours(6)));
        Assert.Equal(Cron.Daily(), JobsSetup.CronFor(TimeSpan.FromDays(1)));
    }

    public sealed record Run(Guid Argument, Guid? InScope, List<string> CustomersSeen);

    public sealed class ProbeRuns
    {
        public ConcurrentBag<Run> Runs { get; } = [];
    }

    /// <summary>Records what it saw: the tenant it was given, the tenant in scope, and the customers the scoped store holds.</summary>
    public sealed class ProbeJob(ProbeRuns runs, IServiceScopeFactory scopes, ITenantContextAccessor accessor) : ITenantJob
    {
        public const string JobName = "probe";

        public string Name => JobName;

        public TimeSpan Interval => TimeSpan.Zero;

        public async Task RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            var names = await db.Customers.Select(c => c.Name).ToListAsync(cancellationToken);
            runs.Runs.Add(new Run(tenant.Id, accessor.Current?.Id, names));
        }
    }

    public sealed class ScopeReporter(ITenantContextAccessor accessor)
    {
        public static readonly ConcurrentDictionary<string, Guid?> Seen = new();

        public void Report(Hangfire.Server.PerformContext? context) => Seen[context!.BackgroundJob.Id] = accessor.Current?.Id;
    }
}

public sealed class TenantJobsOnSqlite(SqliteApp app) : TenantJobTests(app), IClassFixture<SqliteApp>;

public sealed class TenantJobsOnPostgres(PostgresApp app) : TenantJobTests(app), IClassFixture<PostgresApp>;
