using System.Collections.Concurrent;
using Crm.Saas.Tenancy;
using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Saas.Api.Persistence;

/// <summary>Opens, creates and drops tenants' stores according to their recorded placement.</summary>
public sealed class TenantDatabases(IOptions<DatabaseOptions> options, ILoggerFactory loggerFactory, Infrastructure.Jobs.WakeJobsOnCommit? wakeJobs = null)
{
    public const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>Contexts kept per PostgreSQL pool: enough for the busiest moments, small next to a shard's connection pool.</summary>
    internal const int ContextPoolSize = 128;

    private readonly DatabaseOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, PooledDbContextFactory<PostgresTenantDbContext>> _postgresPools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _latestMigrations = new(StringComparer.Ordinal);

    /// <summary>
    /// A context on the tenant's store for ordinary work. Nothing is kept per tenant: on PostgreSQL the context is
    /// rented from the shard's pool and given the tenant's schema; on SQLite it is new, as its options name the tenant's file.
    /// </summary>
    /// <remarks>
    /// Context pooling together with a model per schema is ruled out (docs/adr/0002-search-path-routing.md: a pool
    /// per tenant, each holding a model). There is one schema-less model here, so one pool per shard serves every tenant: the only
    /// per-tenant state of a context is <see cref="TenantDbContext.TenantSchema"/>, set on every rent and cleared
    /// when the context goes back (see <see cref="TenantDbContext.Dispose"/>); a cleared context fails closed.
    /// Creating a context per request, with EF building its internal services each time, was most of a read's cost.
    /// </remarks>
    public TenantDbContext Open(TenantInfo tenant)
    {
        TenantDbContext context = tenant.Placement.Provider switch
        {
            nameof(DatabaseProvider.Postgres) => Rent(tenant),
            nameof(DatabaseProvider.Sqlite) => new SqliteTenantDbContext(SqliteOptions(tenant, forMigration: false), tenant.Placement.Location),
            var other => throw new InvalidOperationException($"Tenant {tenant.Id} is placed on unknown provider '{other}'."),
        };
        context.TenantId = tenant.Id;
        return context;
    }

    /// <summary>A context whose migrations history lives inside the tenant's own schema. Never pooled: it is rare and its options name the tenant.</summary>
    public TenantDbContext OpenForMigration(TenantInfo tenant) => tenant.Placement.Provider switch
    {
        nameof(DatabaseProvider.Postgres) => new PostgresTenantDbContext(
            PostgresOptions(tenant.Placement.Connection, historySchema: tenant.Placement.Location), tenant.Placement.Location),
        nameof(DatabaseProvider.Sqlite) => new SqliteTenantDbContext(SqliteOptions(tenant, forMigration: true), tenant.Placement.Location),
        _ => Open(tenant),
    };

    /// <summary>The code's latest tenant migration for a provider: what every tenant should be at. A property of the build, so computed once.</summary>
    public string? LatestMigration(string provider) => _latestMigrations.GetOrAdd(provider, p =>
    {
        using var context = Open(new TenantInfo(
            Guid.Empty, "latest", "latest", TenantStatus.Active, new TenantPlacement(p, ShardNames.First(), TenantPlacement.LocationFor(Guid.Empty))));
        return context.Database.GetMigrations().LastOrDefault();
    });

    public IEnumerable<string> ShardNames => _options.Provider == DatabaseProvider.Postgres ? _options.EffectiveShards.Keys : ["local"];

    /// <summary>Brings a tenant's store to the latest migration, creating its schema or file first if needed.</summary>
    public async Task<string?> MigrateAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        if (tenant.Placement.Provider == nameof(DatabaseProvider.Sqlite))
        {
            Directory.CreateDirectory(_options.DataPath("tenants"));
        }

        await using var context = OpenForMigration(tenant);
        await context.Database.MigrateAsync(cancellationToken);
        if (tenant.Placement.Provider == nameof(DatabaseProvider.Sqlite))
        {
            // WAL lets readers go on while one writer commits; it is a property of the file, set once.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return LatestMigration(tenant.Placement.Provider);
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        await using var context = OpenForMigration(tenant);
        return (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <summary>Removes a tenant's store entirely: used to clean up a provisioning that failed half-way.</summary>
    public async Task DropAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        switch (tenant.Placement.Provider)
        {
            case nameof(DatabaseProvider.Postgres):
                await using (var connection = new NpgsqlConnection(ShardConnectionString(tenant.Placement.Connection)))
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var drop = connection.CreateCommand();
                    drop.CommandText = $"DROP SCHEMA IF EXISTS {Checked(tenant.Placement.Location)} CASCADE";
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            case nameof(DatabaseProvider.Sqlite):
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(SqliteFile(tenant) + suffix);
                }

                break;
        }
    }

    public string ShardConnectionString(string shard) =>
        _options.EffectiveShards.TryGetValue(shard, out var connectionString)
            ? ConnectionStrings.Postgres(connectionString)
            : throw new InvalidOperationException($"No database connection named '{shard}' is configured.");

    private static string Checked(string schema) =>
        TenantPlacement.IsValidLocation(schema) ? schema : throw new ArgumentException("Not a tenant schema.", nameof(schema));

    private string SqliteFile(TenantInfo tenant) => _options.DataPath("tenants", Checked(tenant.Placement.Location) + ".db");

    private PostgresTenantDbContext Rent(TenantInfo tenant)
    {
        var pool = _postgresPools.GetOrAdd(
            tenant.Placement.Connection,
            shard => new PooledDbContextFactory<PostgresTenantDbContext>(PostgresOptions(shard, historySchema: null), ContextPoolSize));
        var context = pool.CreateDbContext();
        context.TenantSchema = tenant.Placement.Location;
        return context;
    }

    private DbContextOptions<PostgresTenantDbContext> PostgresOptions(string shard, string? historySchema)
    {
        var builder = new DbContextOptionsBuilder<PostgresTenantDbContext>()
            .UseNpgsql(ShardConnectionString(shard), npgsql =>
            {
                if (historySchema is not null)
                {
                    npgsql.MigrationsHistoryTable(HistoryTable, historySchema);
                }
            })
            .AddInterceptors(SearchPathInterceptor.Instance);
        return Common(builder, forMigration: historySchema is not null).Options;
    }

    private DbContextOptions<SqliteTenantDbContext> SqliteOptions(TenantInfo tenant, bool forMigration) =>
        Common(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite(ConnectionStrings.Sqlite(SqliteFile(tenant))), forMigration).Options;

    private DbContextOptionsBuilder<T> Common<T>(DbContextOptionsBuilder<T> builder, bool forMigration)
        where T : DbContext =>
        (wakeJobs is null || forMigration ? builder : builder.AddInterceptors(wakeJobs))
            .UseSnakeCaseNamingConvention()
            .UseLoggerFactory(loggerFactory)
            .ConfigureWarnings(w =>
            {
                // A new internal service provider per tenant would be memory per tenant: make it loud if it ever happens.
                w.Throw(CoreEventId.ManyServiceProvidersCreatedWarning);
                if (forMigration)
                {
                    // Otherwise Migrate rebuilds the model snapshot and diffs it against the model for every tenant:
                    // the largest part of a fleet migration's CPU, for an answer that depends only on the build.
                    // PendingModelChangesTests asserts it once, in CI, for every context.
                    w.Ignore(RelationalEventId.PendingModelChangesWarning);

                    // On a new store EF reads the history table before creating it and takes the error as "nothing
                    // applied yet": logged as an error, that was one false alarm per sign-up in the operator's log.
                    // A migration that really fails still throws, and provisioning or `migrate` reports the tenant.
                    w.Log((RelationalEventId.CommandError, LogLevel.Debug));
                }
            });
}
