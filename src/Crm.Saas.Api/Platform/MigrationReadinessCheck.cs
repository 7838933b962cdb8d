using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// Not ready while the catalog or any tenant is behind the code's latest migration. Reads the versions the catalog
/// records, so the check costs two catalog queries however many tenants there are.
/// </summary>
internal sealed class MigrationReadinessCheck(CatalogDbContext catalog, TenantDatabases databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var catalogPending = (await catalog.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        if (catalogPending > 0)
        {
            return HealthCheckResult.Unhealthy($"The catalog has {catalogPending} pending migration(s).");
        }

        var behind = 0;
        foreach (var provider in await catalog.Tenants.Select(t => t.Provider).Distinct().ToListAsync(cancellationToken))
        {
            var latest = databases.LatestMigration(provider);
            behind += await catalog.Tenants.CountAsync(
                t => t.Provider == provider && (t.Status == TenantStatus.Active || t.Status == TenantStatus.Suspended) && t.SchemaVersion != latest,
                cancellationToken);
        }

        return behind == 0
            ? HealthCheckResult.Healthy("Catalog and tenants are at the latest migration.")
            : HealthCheckResult.Unhealthy($"{behind} tenant(s) are behind the latest migration.");
    }
}
