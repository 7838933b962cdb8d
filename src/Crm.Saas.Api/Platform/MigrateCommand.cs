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

    public const string Usage = "usage: migrate [--tenant SLUG] [--dry-run]";

    /// <summary>Exit code for a command line that cannot be run (as with sysexits' EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>
    /// The options after <c>migrate</c>, or the reason they cannot be run. Checked before the host is built, so a typo
    /// such as <c>--dryrun</c> stops the deployment step instead of migrating the whole fleet for real.
    /// </summary>
    public static (string? Slug, bool DryRun, string? Error) Parse(string[] args)
    {
        string? slug = null;
        var dryRun = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--tenant" when slug is not null:
                    return (null, false, "--tenant is given more than once");
                case "--tenant" when i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]) || args[i + 1].StartsWith('-'):
                    return (null, false, "--tenant needs a tenant slug");
                case "--tenant":
                    slug = args[++i];
                    break;
                default:
                    return (null, false, $"unknown option '{args[i]}'");
            }
        }

        return (slug, dryRun, null);
    }

    /// <summary>Writes the usage and returns the exit code when the command line is wrong; null when it can run.</summary>
    public static int? RefuseBadArguments(string[] args)
    {
        if (Parse(args).Error is not { } error)
        {
            return null;
        }

        Console.Error.WriteLine($"migrate: {error}");
        Console.Error.WriteLine(Usage);
        return UsageExitCode;
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var (slug, dryRun, error) = Parse(args);
        if (error is not null)
        {
            return RefuseBadArguments(args) ?? UsageExitCode;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<FleetMigrator>();
        var provider = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
        Console.WriteLine($"migrate: provider {provider}{(slug is null ? "" : $", tenant {slug}")}{(dryRun ? ", dry run" : "")}");
        var report = await migrator.RunAsync(slug, dryRun, Console.Out, CancellationToken.None);
        return report.Succeeded ? 0 : 1;
    }
}
