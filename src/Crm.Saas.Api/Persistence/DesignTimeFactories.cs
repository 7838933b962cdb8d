using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Persistence;

// Used by `dotnet ef migrations add` only: each provider's contexts need their own migrations.
// No database is contacted while migrations are generated.

internal sealed class PostgresCatalogDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresCatalogDbContext>()
        .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable(TenantDatabases.HistoryTable, CatalogDbContext.Schema))
        .UseSnakeCaseNamingConvention().Options);
}

internal sealed class SqliteCatalogDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteCatalogDbContext>()
        .UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention().Options);
}

internal sealed class PostgresTenantDesignFactory : IDesignTimeDbContextFactory<PostgresTenantDbContext>
{
    public PostgresTenantDbContext CreateDbContext(string[] args) => (PostgresTenantDbContext)DesignTenants.Open(DatabaseProvider.Postgres);
}

internal sealed class SqliteTenantDesignFactory : IDesignTimeDbContextFactory<SqliteTenantDbContext>
{
    public SqliteTenantDbContext CreateDbContext(string[] args) => (SqliteTenantDbContext)DesignTenants.Open(DatabaseProvider.Sqlite);
}

internal static class DesignTenants
{
    public static TenantDbContext Open(DatabaseProvider provider)
    {
        var options = new DatabaseOptions { Provider = provider, Catalog = "Host=localhost", DataDirectory = Path.GetTempPath() };
        var databases = new TenantDatabases(Options.Create(options), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var location = TenantPlacement.LocationFor(Guid.Empty);
        return databases.Open(new TenantInfo(Guid.Empty, "design", "design", TenantStatus.Active,
            new TenantPlacement(provider.ToString(), databases.ShardNames.First(), location)));
    }
}
