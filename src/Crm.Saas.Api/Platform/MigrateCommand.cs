using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// <c>migrate [--tenant SLUG] [--dry-run]</c>: the fleet migration as a deployment step, with progress on the
/// console and a non-zero exit code when any tenant failed.
/// </summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var slug = ValueAfter(args, "--tenant");
        var dryRun = args.Contains("--dry-run");
        await using var scope = app.Services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<FleetMigrator>();
        var provider = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
        Console.WriteLine($"migrate: provider {provider}{(slug is null ? "" : $", tenant {slug}")}{(dryRun ? ", dry run" : "")}");
        var report = await migrator.RunAsync(slug, dryRun, Console.Out, CancellationToken.None);
        return report.Succeeded ? 0 : 1;
    }

    private static string? ValueAfter(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
