using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
        // High enough that no suite meets a limit by accident; the rate-limit tests set low ones on a sibling app.
        ["RateLimits:AnonymousPerMinute"] = "100000",
        ["RateLimits:PublicLinksPerMinute"] = "100000",
        ["Auth:MaxFailedLoginsPerAddress"] = "100000",
        ["RateLimits:PerApiKeyPerMinute"] = "100000",
        ["RateLimits:PerTenantPerMinute"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Tenancy:BaseDomain"] = "crm.test",
        // No Hangfire server unless a test asks for one (Jobs:Server=true): most hosts only serve requests.
        ["Jobs:Server"] = "false",
        ["Jobs:PollInterval"] = "00:00:00.200",
        ["Operators:Username"] = "operator",
        ["Operators:Password"] = "Operator-pass-2026",
        // The free plan's real limits (100 customers, 2 seats, no partner keys, 120 requests a minute) would trip suites
        // about other features; those run on a roomy free plan. Billing tests set real limits on their own apps.
        ["Billing:Plans:free:Limits:Customers"] = "1000000",
        ["Billing:Plans:free:Limits:Users"] = "10000",
        ["Billing:Plans:free:Limits:ApiKeys"] = "10000",
        ["Billing:Plans:free:Limits:MailsPerMonth"] = "1000000",
        ["Billing:Plans:free:Limits:RequestsPerMinute"] = "100000",
        ["Billing:Plans:free:Features:partnerApiKeys"] = "true",
        ["Billing:Plans:free:Features:winBack"] = "true",
        ["Billing:Plans:free:Features:complaintSla"] = "true",
        ["Billing:Plans:free:Features:surveys"] = "true",
    };

    public abstract DatabaseProvider Provider { get; }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>When set, the host runs on this clock (tokens included) instead of the system's.</summary>
    public TestClock? Clock { get; init; }

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

    /// <summary>A second app of the same provider on fresh databases, with some services replaced or settings changed.</summary>
    public abstract CrmApp Sibling(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, TestClock? clock = null);

    /// <summary>The tenant schemas (PostgreSQL) or files (SQLite) that exist, whatever the catalog says.</summary>
    public abstract Task<IReadOnlyList<string>> TenantStoresAsync();

    /// <summary>Runs <paramref name="work"/> with the app's catalog, as the platform operator's tooling would.</summary>
    public async Task<T> WithCatalogAsync<T>(Func<Crm.Saas.Api.Platform.CatalogDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Crm.Saas.Api.Platform.CatalogDbContext>());
    }

    protected void Apply(CrmApp sibling, IDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            sibling._settings[key] = value;
        }
    }

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ServerLogFile()));
        if (Clock is { } clock)
        {
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                // Tokens are issued on the test clock, so they are judged on it too.
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
                    jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                        (notBefore is null || notBefore <= clock.UtcNow.AddSeconds(30)) && (expires is null || expires > clock.UtcNow.AddSeconds(-30)));
            });
        }

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

    public override CrmApp Sibling(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, TestClock? clock = null)
    {
        var sibling = new SqliteApp { ConfigureTestServices = services, Clock = clock };
        Apply(sibling, settings);
        return sibling;
    }

    public override Task<IReadOnlyList<string>> TenantStoresAsync()
    {
        var folder = Path.Combine(_dataDirectory, "tenants");
        IReadOnlyList<string> files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.db").Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToList()
            : [];
        return Task.FromResult(files);
    }

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
    private IDictionary<string, string?>? _sharedDatabases;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>A second host on this app's very databases (catalog, shards, Hangfire storage): another node of the same deployment.</summary>
    public PostgresApp SharingDatabases(IDictionary<string, string?>? settings = null)
    {
        var node = new PostgresApp(server)
        {
            _sharedDatabases = Settings.Where(s => s.Key.StartsWith("Database:", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value),
        };
        Apply(node, settings);
        return node;
    }

    public PostgresServer Postgres => server;

    public override CrmApp Sibling(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, TestClock? clock = null)
    {
        var sibling = new PostgresApp(server) { ConfigureTestServices = services, Clock = clock };
        Apply(sibling, settings);
        return sibling;
    }

    public override async Task<IReadOnlyList<string>> TenantStoresAsync()
    {
        var schemas = new List<string>();
        foreach (var shard in new[] { "Database:Shards:shard-a", "Database:Shards:shard-b" })
        {
            await using var connection = new Npgsql.NpgsqlConnection(Settings[shard]);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                schemas.Add(reader.GetString(0));
            }
        }

        return schemas.Order().ToList();
    }

    protected override async Task<IDictionary<string, string?>> DatabaseSettingsAsync()
    {
        if (_sharedDatabases is not null)
        {
            return _sharedDatabases;
        }

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
