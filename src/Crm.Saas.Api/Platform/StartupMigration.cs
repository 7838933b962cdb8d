using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Platform;

internal static class StartupMigration
{
    /// <summary>
    /// By default the host brings the catalog and every tenant up to date before it serves (the embedded default
    /// needs nothing else). Fleets that migrate as a deployment step turn it off; /health/ready then tells.
    /// </summary>
    public static async Task PrepareDatabasesAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStartup)
        {
            return;
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(options.DataPath());
        }

        await using var scope = app.Services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Crm.Saas.Migrations");
        await using var progress = new LogWriter(logger);
        var report = await scope.ServiceProvider.GetRequiredService<FleetMigrator>().RunAsync(null, false, progress, app.Lifetime.ApplicationStopping);
        if (!report.Succeeded)
        {
            logger.LogError("Some tenants failed to migrate; they stay behind and /health/ready reports not ready.");
        }

        await scope.ServiceProvider.GetRequiredService<TenantProvisioner>().CleanUpAbandonedAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>Sends the migrator's progress lines to the log.</summary>
    private sealed class LogWriter(ILogger logger) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Task WriteLineAsync(string? value)
        {
            logger.LogInformation("{Progress}", value);
            return Task.CompletedTask;
        }
    }
}
