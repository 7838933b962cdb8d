using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Persistence;

internal static class PersistenceRegistration
{
    public static IServiceCollection AddCrmPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.Catalog),
                "Database:Catalog (a PostgreSQL connection string) is required when Database:Provider is Postgres.")
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == DatabaseProvider.Postgres)
        {
            var catalog = ConnectionStrings.Postgres(options.Catalog!); // parsed once, not per context
            services.AddDbContext<CatalogDbContext, PostgresCatalogDbContext>((sp, db) => db
                .UseNpgsql(catalog, npgsql => npgsql.MigrationsHistoryTable(TenantDatabases.HistoryTable, CatalogDbContext.Schema))
                .UseSnakeCaseNamingConvention());
        }
        else
        {
            services.AddDbContext<CatalogDbContext, SqliteCatalogDbContext>((sp, db) => db
                .UseSqlite(ConnectionStrings.Sqlite(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataPath("platform.db")))
                .UseSnakeCaseNamingConvention());
        }

        services.AddSingleton<TenantDatabases>();
        services.AddSingleton<ITenantContextAccessor, TenantContextAccessor>();

        // The tenant's context is made for the tenant in scope, and refuses to exist without one.
        services.AddScoped<TenantDbContext>(sp =>
            sp.GetRequiredService<TenantDatabases>().Open(sp.GetRequiredService<ITenantContextAccessor>().Required));
        return services;
    }
}
