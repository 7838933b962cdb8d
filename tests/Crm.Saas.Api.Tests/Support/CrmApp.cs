using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.Support;

/// <summary>
/// The real host on Kestrel (a real socket on 127.0.0.1) over a real database: PostgreSQL (two shards, each its own
/// database) or SQLite (files in a temporary folder). Tests sign up their own tenants, so one app serves a whole class.
/// </summary>
public abstract class CrmApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["RateLimits:AnonymousPerMinute"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Tenancy:BaseDomain"] = "crm.test",
    };

    public abstract DatabaseProvider Provider { get; }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Replaces services for one app (a fault to inject); runs after the application's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    public async ValueTask InitializeAsync()
    {
        foreach (var (key, value) in await DatabaseSettingsAsync())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
    }

    public void Set(string key, string? value) => _settings[key] = value;

    public CrmClient Anonymous() => new(CreateClient());

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ServerLogFile()));
        if (ConfigureTestServices is not null)
        {
            builder.ConfigureServices(ConfigureTestServices);
        }
    }
}

public sealed class SqliteApp : CrmApp
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "crm-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string DataDirectory => _dataDirectory;

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = _dataDirectory,
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

public sealed class PostgresApp(PostgresServer server) : CrmApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public PostgresServer Postgres => server;

    protected override async Task<IDictionary<string, string?>> DatabaseSettingsAsync()
    {
        var shardA = await server.CreateDatabaseAsync("crm_a");
        var shardB = await server.CreateDatabaseAsync("crm_b");
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:Catalog"] = shardA,
            ["Database:Shards:shard-a"] = shardA,
            ["Database:Shards:shard-b"] = shardB,
            ["Database:DataDirectory"] = Path.Combine(Path.GetTempPath(), "crm-pg-data-" + Guid.NewGuid().ToString("N")[..12]),
        };
    }
}
