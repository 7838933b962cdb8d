using System.Collections.Concurrent;
using Crm.Saas.Tenancy;
using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Saas.Api.Persistence;

/// <summary>Opens, creates and drops tenants' stores according to their recorded placement.</summary>
public sealed class TenantDatabases(IOptions<DatabaseOptions> options, ILoggerFactory loggerFactory)
{
    public const string HistoryTable = "__EFMigrationsHistory";

    private readonly DatabaseOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, DbContextOptions<PostgresTenantDbContext>> _postgresOptions = new(StringComparer.Ordinal);

    /// <summary>A context on the tenant's store for ordinary work. Options are shared per shard; nothing is kept per tenant.</summary>
    public TenantDbContext Open(TenantInfo tenant) => tenant.Placement.Provider switch
    {
        nameof(DatabaseProvider.Postgres) => new PostgresTenantDbContext(
            _postgresOptions.GetOrAdd(tenant.Placement.Connection, shard => PostgresOptions(shard, historySchema: null)),
            tenant.Placement.Location),
        nameof(DatabaseProvider.Sqlite) => new SqliteTenantDbContext(SqliteOptions(tenant), tenant.Placement.Location),
        var other => throw new InvalidOperationException($"Tenant {tenant.Id} is placed on unknown provider '{other}'."),
    };

    /// <summary>A context whose migrations history lives inside the tenant's own schema.</summary>
    public TenantDbContext OpenForMigration(TenantInfo tenant) => tenant.Placement.Provider switch
    {
        nameof(DatabaseProvider.Postgres) => new PostgresTenantDbContext(
            PostgresOptions(tenant.Placement.Connection, historySchema: tenant.Placement.Location), tenant.Placement.Location),
        _ => Open(tenant),
    };

    /// <summary>The code's latest tenant migration for a provider: what every tenant should be at.</summary>
    public string? LatestMigration(string provider)
    {
        using var context = Open(new TenantInfo(
            Guid.Empty, "latest", "latest", TenantStatus.Active, new TenantPlacement(provider, ShardNames.First(), TenantPlacement.LocationFor(Guid.Empty))));
        return context.Database.GetMigrations().LastOrDefault();
    }

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

        return context.Database.GetMigrations().LastOrDefault();
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
        return Common(builder).Options;
    }

    private DbContextOptions<SqliteTenantDbContext> SqliteOptions(TenantInfo tenant) =>
        Common(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite(ConnectionStrings.Sqlite(SqliteFile(tenant)))).Options;

    private DbContextOptionsBuilder<T> Common<T>(DbContextOptionsBuilder<T> builder)
        where T : DbContext =>
        builder
            .UseSnakeCaseNamingConvention()
            .UseLoggerFactory(loggerFactory)
            // A new internal service provider per tenant would be memory per tenant: make it loud if it ever happens.
            .ConfigureWarnings(w => w.Throw(CoreEventId.ManyServiceProvidersCreatedWarning));
}
