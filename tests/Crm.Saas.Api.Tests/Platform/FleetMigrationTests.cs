using System.Diagnostics;
using System.Net;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Saas.Api.Tests.Platform;

/// <summary>The <c>migrate</c> command and the readiness check that watches it.</summary>
public abstract class FleetMigrationTests(CrmApp app)
{
    private TenantDatabases Databases => app.Services.GetRequiredService<TenantDatabases>();

    [Fact]
    public async Task Migrate_reports_each_tenant_continues_past_a_failure_and_resumes_on_the_next_run()
    {
        var tenants = new List<TenantSession>();
        for (var i = 0; i < 4; i++)
        {
            tenants.Add(await app.Anonymous().SignUpAsync());
        }

        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/health/ready"));
        foreach (var tenant in tenants)
        {
            await ResetToNoMigrationsAsync(tenant);
        }

        var broken = tenants[2];
        await BlockFirstMigrationAsync(broken);
        await Expect.StatusAsync(HttpStatusCode.ServiceUnavailable, await app.Anonymous().GetAsync("/health/ready"));

        var (exitCode, output) = await RunMigrateCommandAsync();
        Assert.Equal(1, exitCode);
        Assert.Contains($"{broken.Slug}: FAILED", output, StringComparison.Ordinal);
        foreach (var healthy in tenants.Where(t => t != broken))
        {
            Assert.Contains($"{healthy.Slug}: migrated none → ", output, StringComparison.Ordinal);
        }

        Assert.NotNull(await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == broken.TenantId).Select(t => t.LastMigrationError).SingleAsync()));
        await Expect.StatusAsync(HttpStatusCode.ServiceUnavailable, await app.Anonymous().GetAsync("/health/ready"));

        await UnblockAsync(broken);
        var (secondExit, secondOutput) = await RunMigrateCommandAsync();
        Assert.Equal(0, secondExit);
        Assert.Contains($"{broken.Slug}: migrated none → ", secondOutput, StringComparison.Ordinal);
        Assert.True(secondOutput.Contains("tenants: 1 migrated", StringComparison.Ordinal), secondOutput); // only the one left behind
        Assert.Contains("0 failed", secondOutput, StringComparison.Ordinal);
        foreach (var healthy in tenants.Where(t => t != broken))
        {
            Assert.Contains($"{healthy.Slug}: up to date (", secondOutput, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("dry run", output + secondOutput, StringComparison.Ordinal);

        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/health/ready"));
        await Expect.StatusAsync(HttpStatusCode.Created, await broken.Client.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer()));
    }

    [Fact]
    public async Task Dry_run_and_single_tenant_runs_touch_only_what_they_say()
    {
        var first = await app.Anonymous().SignUpAsync();
        var second = await app.Anonymous().SignUpAsync();
        await ResetToNoMigrationsAsync(first);
        await ResetToNoMigrationsAsync(second);

        var (dryExit, dryOutput) = await RunMigrateCommandAsync("--dry-run");
        Assert.Equal(0, dryExit);
        Assert.Contains($"{first.Slug}: none → ", dryOutput, StringComparison.Ordinal);
        Assert.Contains("would apply ", dryOutput, StringComparison.Ordinal);
        Assert.Contains("failed (dry run)", dryOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(TenantPlacement.LocationFor(first.TenantId), await app.TenantStoresAsync());

        var (oneExit, oneOutput) = await RunMigrateCommandAsync("--tenant", first.Slug);
        Assert.Equal(0, oneExit);
        Assert.Contains($"{first.Slug}: migrated none → ", oneOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Slug, oneOutput, StringComparison.Ordinal);
        Assert.Null(await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == second.TenantId).Select(t => t.SchemaVersion).SingleAsync()));

        var (allExit, _) = await RunMigrateCommandAsync();
        Assert.Equal(0, allExit);
        Assert.Contains(TenantPlacement.LocationFor(second.TenantId), await app.TenantStoresAsync());
    }

    [Theory]
    [InlineData("--dryrun")]
    [InlineData("--tenant")]
    [InlineData("--tenant", "--dry-run")]
    [InlineData("extra")]
    public async Task An_unknown_option_or_bad_argument_is_refused_with_usage_and_migrates_nothing(params string[] options)
    {
        var tenant = await app.Anonymous().SignUpAsync();
        await ResetToNoMigrationsAsync(tenant);

        var (exitCode, output) = await RunMigrateCommandAsync(options);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("usage: migrate [--tenant SLUG] [--dry-run]", output, StringComparison.Ordinal);
        Assert.Null(await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => t.SchemaVersion).SingleAsync()));

        Assert.Equal(0, (await RunMigrateCommandAsync()).ExitCode); // leaves the fleet migrated for the other tests
    }

    [Fact]
    public async Task Two_migration_runs_never_interleave()
    {
        var tenants = new List<TenantSession>();
        for (var i = 0; i < 3; i++)
        {
            var tenant = await app.Anonymous().SignUpAsync();
            await ResetToNoMigrationsAsync(tenant);
            tenants.Add(tenant);
        }

        var lines = new List<(string Run, string Line)>();
        var held = await app.Services.GetRequiredService<MigrationLock>().AcquireAsync(TextWriter.Null, TestContext.Current.CancellationToken);
        var runs = new[] { "one", "two" }.Select(run => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<FleetMigrator>()
                .RunAsync(null, false, new RecordingWriter(run, lines), TestContext.Current.CancellationToken);
        })).ToArray();

        // Both runs are now queued behind a lock someone else holds.
        var waited = Stopwatch.StartNew();
        while (Waiting(lines) < 2 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, Waiting(lines));
        await held.DisposeAsync();
        var reports = await Task.WhenAll(runs);

        Assert.All(reports, r => Assert.True(r.Succeeded));
        Assert.Equal(3, reports.Sum(r => r.Count(TenantMigrationOutcome.Migrated)));
        var order = lines.Where(l => !l.Line.Contains("waiting", StringComparison.Ordinal)).Select(l => l.Run).ToList();
        var switches = order.Zip(order.Skip(1)).Count(pair => pair.First != pair.Second);
        Assert.Equal(1, switches); // all of one run's lines, then all of the other's
    }

    [Fact]
    public async Task With_start_up_migration_off_the_host_is_live_but_not_ready_until_migrate_runs()
    {
        await using var deferred = app.Sibling(settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        await deferred.InitializeAsync();

        await Expect.StatusAsync(HttpStatusCode.OK, await deferred.Anonymous().GetAsync("/health/live"));
        await Expect.StatusAsync(HttpStatusCode.ServiceUnavailable, await deferred.Anonymous().GetAsync("/health/ready"));

        await using (var scope = deferred.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<FleetMigrator>().RunAsync(null, false, TextWriter.Null, TestContext.Current.CancellationToken);
            Assert.True(report.Succeeded);
        }

        await Expect.StatusAsync(HttpStatusCode.OK, await deferred.Anonymous().GetAsync("/health/ready"));
        await deferred.Anonymous().SignUpAsync();
    }

    private static int Waiting(List<(string Run, string Line)> lines)
    {
        lock (lines)
        {
            return lines.Count(l => l.Line.Contains("waiting", StringComparison.Ordinal));
        }
    }

    /// <summary>Puts a tenant back to "no migration applied": its store is gone and the catalog knows it.</summary>
    private async Task ResetToNoMigrationsAsync(TenantSession tenant)
    {
        var info = await TenantAsync(tenant);
        await Databases.DropAsync(info, CancellationToken.None);
        await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == tenant.TenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.SchemaVersion, (string?)null)));
    }

    /// <summary>A stray table where the first migration wants to create its own makes that tenant's migration fail.</summary>
    private async Task BlockFirstMigrationAsync(TenantSession tenant) =>
        await ExecuteInStoreAsync(await TenantAsync(tenant), "CREATE TABLE customers (stray integer)", createSchema: true);

    private async Task UnblockAsync(TenantSession tenant) =>
        await ExecuteInStoreAsync(await TenantAsync(tenant), "DROP TABLE customers", createSchema: false);

    private async Task ExecuteInStoreAsync(TenantInfo tenant, string sql, bool createSchema)
    {
        if (tenant.Placement.Provider == nameof(DatabaseProvider.Postgres))
        {
            await using var connection = new NpgsqlConnection(Databases.ShardConnectionString(tenant.Placement.Connection));
            await connection.OpenAsync();
            var schema = tenant.Placement.Location;
            await using var command = new NpgsqlCommand(
                $"{(createSchema ? $"CREATE SCHEMA {schema};" : "")} SET search_path TO {schema}; {sql}", connection);
            await command.ExecuteNonQueryAsync();
            return;
        }

        var file = Path.Combine(app.Settings["Database:DataDirectory"]!, "tenants", tenant.Placement.Location + ".db");
        await using var sqlite = new SqliteConnection($"Data Source={file};Pooling=False");
        await sqlite.OpenAsync();
        await using var statement = sqlite.CreateCommand();
        statement.CommandText = sql;
        await statement.ExecuteNonQueryAsync();
    }

    private Task<TenantInfo> TenantAsync(TenantSession tenant) =>
        app.WithCatalogAsync(async c => (await c.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.TenantId)).ToInfo());

    /// <summary>The real command, as an operator runs it: the same binary, configured through the environment.</summary>
    private async Task<(int ExitCode, string Output)> RunMigrateCommandAsync(params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("migrate");
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        foreach (var (key, value) in app.Settings.Where(s => s.Key.StartsWith("Database:", StringComparison.Ordinal)))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private sealed class RecordingWriter(string run, List<(string Run, string Line)> lines) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Task WriteLineAsync(string? value)
        {
            lock (lines)
            {
                lines.Add((run, value ?? ""));
            }

            return Task.CompletedTask;
        }
    }
}

public sealed class FleetMigrationOnSqlite(SqliteApp app) : FleetMigrationTests(app), IClassFixture<SqliteApp>;

public sealed class FleetMigrationOnPostgres(PostgresApp app) : FleetMigrationTests(app), IClassFixture<PostgresApp>;
