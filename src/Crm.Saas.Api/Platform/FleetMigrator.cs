using System.Diagnostics;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// Migrates the catalog, then each tenant one at a time, under <see cref="MigrationLock"/>. A failing tenant is
/// reported and skipped, never stops the others; tenants already at the latest migration are skipped, so a second
/// run resumes where the first stopped. Each tenant's version is recorded in the catalog for the readiness check.
/// </summary>
public sealed class FleetMigrator(CatalogDbContext catalog, TenantDatabases databases, MigrationLock migrationLock, TimeProvider clock)
{
    public async Task<FleetMigrationReport> RunAsync(string? onlySlug, bool dryRun, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var held = await migrationLock.AcquireAsync(progress, cancellationToken);
        var report = new FleetMigrationReport();

        var catalogPending = (await catalog.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await progress.WriteLineAsync($"catalog: {(catalogPending.Count == 0 ? "up to date" : $"{catalogPending.Count} pending ({string.Join(", ", catalogPending)})")}");
        if (catalogPending.Count > 0)
        {
            if (dryRun)
            {
                await progress.WriteLineAsync("dry run: the catalog is behind, so tenants are not inspected.");
                return report;
            }

            await catalog.Database.MigrateAsync(cancellationToken);
            await progress.WriteLineAsync("catalog: migrated");
        }

        var query = catalog.Tenants.Where(t => t.Status == TenantStatus.Active || t.Status == TenantStatus.Suspended);
        if (onlySlug is not null)
        {
            query = query.Where(t => t.Slug == onlySlug.ToLowerInvariant());
        }

        var tenants = await query.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        if (onlySlug is not null && tenants.Count == 0)
        {
            await progress.WriteLineAsync($"no tenant '{onlySlug}'");
            report.Add(onlySlug, TenantMigrationOutcome.Failed, "no such tenant");
            return report;
        }

        var latest = new Dictionary<string, string?>();
        var position = 0;
        foreach (var tenant in tenants)
        {
            position++;
            var target = latest.TryGetValue(tenant.Provider, out var known) ? known : latest[tenant.Provider] = databases.LatestMigration(tenant.Provider);
            var label = $"[{position}/{tenants.Count}] {tenant.Slug}";
            if (tenant.SchemaVersion == target)
            {
                // Said even when nothing is done, so the operator sees every tenant was looked at.
                await progress.WriteLineAsync($"{label}: up to date ({Version(target)})");
                report.Add(tenant.Slug, TenantMigrationOutcome.UpToDate, null);
                continue;
            }

            await MigrateTenantAsync(tenant, target, dryRun, label, report, progress, cancellationToken);
        }

        await progress.WriteLineAsync(dryRun
            ? $"tenants: {report.Count(TenantMigrationOutcome.Pending)} pending, {report.Count(TenantMigrationOutcome.UpToDate)} up to date, " +
              $"{report.Count(TenantMigrationOutcome.Failed)} failed (dry run)"
            : $"tenants: {report.Count(TenantMigrationOutcome.Migrated)} migrated, {report.Count(TenantMigrationOutcome.UpToDate)} up to date, " +
              $"{report.Count(TenantMigrationOutcome.Failed)} failed");
        return report;
    }

    private static string Version(string? migration) => migration ?? "none";

    private async Task MigrateTenantAsync(
        Tenant tenant, string? target, bool dryRun, string label, FleetMigrationReport report, TextWriter progress, CancellationToken cancellationToken)
    {
        var info = tenant.ToInfo();
        var from = Version(tenant.SchemaVersion);
        try
        {
            if (dryRun)
            {
                var pending = await databases.PendingMigrationsAsync(info, cancellationToken);
                await progress.WriteLineAsync($"{label}: {from} → {Version(target)}, would apply {string.Join(", ", pending)}");
                report.Add(tenant.Slug, TenantMigrationOutcome.Pending, string.Join(", ", pending));
                return;
            }

            var watch = Stopwatch.StartNew();
            var version = await databases.MigrateAsync(info, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            await catalog.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(
                s => s.SetProperty(t => t.SchemaVersion, version).SetProperty(t => t.LastMigrationError, (string?)null).SetProperty(t => t.UpdatedAt, now),
                cancellationToken);
            await progress.WriteLineAsync($"{label}: migrated {from} → {Version(version)} in {watch.ElapsedMilliseconds} ms");
            report.Add(tenant.Slug, TenantMigrationOutcome.Migrated, version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = e.GetBaseException().Message;
            await progress.WriteLineAsync($"{label}: FAILED ({from} → {Version(target)}, skipped): {message}");
            report.Add(tenant.Slug, TenantMigrationOutcome.Failed, message);
            await catalog.Tenants.Where(t => t.Id == tenant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastMigrationError, message.Length > 2000 ? message[..2000] : message), cancellationToken);
        }
    }
}

public sealed class FleetMigrationReport
{
    private readonly List<TenantMigrationResult> _results = [];

    public IReadOnlyList<TenantMigrationResult> Results => _results;

    public bool Succeeded => _results.All(r => r.Outcome != TenantMigrationOutcome.Failed);

    public int Count(TenantMigrationOutcome outcome) => _results.Count(r => r.Outcome == outcome);

    internal void Add(string slug, TenantMigrationOutcome outcome, string? detail) => _results.Add(new TenantMigrationResult(slug, outcome, detail));
}

public sealed record TenantMigrationResult(string Slug, TenantMigrationOutcome Outcome, string? Detail);

public enum TenantMigrationOutcome
{
    UpToDate,
    Migrated,
    Pending,
    Failed,
}
