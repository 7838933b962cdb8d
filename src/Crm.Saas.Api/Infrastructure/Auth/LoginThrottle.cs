using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Counts failed sign-ins per account and per client address within a window; past the limit, sign-in is refused
/// until the window ends, whatever the password. The counts live in the catalog, so every API node of a
/// deployment sees the same ones: a guesser gets the limit, not the limit times the number of nodes.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(CatalogDbContext catalog, string account, string? address, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        var (accountKey, addressKey) = (AccountKey(account), AddressKey(address));
        var (perAccount, perAddress) = (options.Value.MaxFailedLoginsPerAccount, options.Value.MaxFailedLoginsPerAddress);
        var pausedUntil = await catalog.Set<LoginFailures>().AsNoTracking()
            .Where(f => f.WindowEnds > now
                && ((f.Subject == accountKey && f.Failures >= perAccount) || (f.Subject == addressKey && f.Failures >= perAddress)))
            .MaxAsync(f => (DateTime?)f.WindowEnds, cancellationToken);
        return pausedUntil - now;
    }

    public async Task RecordFailureAsync(CatalogDbContext catalog, string account, string? address, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        var windowEnds = now + options.Value.FailedLoginWindow;
        foreach (var subject in new[] { AccountKey(account), AddressKey(address) })
        {
            await catalog.Database.ExecuteSqlRawAsync(CountSql(catalog), [subject, windowEnds, now], cancellationToken);
        }
    }

    /// <summary>A good sign-in clears its account's count (not its address's), and windows that ended are dropped.</summary>
    public async Task RecordSuccessAsync(CatalogDbContext catalog, string account, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        var accountKey = AccountKey(account);
        await catalog.Set<LoginFailures>().Where(f => f.Subject == accountKey || f.WindowEnds <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private static string AccountKey(string account) => "account:" + account.ToLowerInvariant();

    private static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    /// <summary>One more failure in the current window, or the first of a new one. One portable upsert: concurrent failures all count.</summary>
    private static string CountSql(CatalogDbContext catalog)
    {
        var (table, name) = TableNames.Of<LoginFailures>(catalog);
        return $"INSERT INTO {table} (subject, failures, window_ends) VALUES ({{0}}, 1, {{1}}) ON CONFLICT (subject) DO UPDATE SET "
            + $"failures = CASE WHEN {name}.window_ends <= {{2}} THEN 1 ELSE {name}.failures + 1 END, "
            + $"window_ends = CASE WHEN {name}.window_ends <= {{2}} THEN excluded.window_ends ELSE {name}.window_ends END";
    }
}

/// <summary>Failed sign-ins of one account or client address in the window ending at <see cref="WindowEnds"/>.</summary>
public sealed class LoginFailures
{
    /// <summary><c>account:&lt;email&gt;</c> or <c>address:&lt;ip&gt;</c>.</summary>
    public required string Subject { get; init; }

    public int Failures { get; set; }

    public DateTime WindowEnds { get; set; }
}

internal static class LoginFailuresConfiguration
{
    public static void ConfigureLoginFailures(this ModelBuilder modelBuilder) =>
        modelBuilder.Entity<LoginFailures>(failures =>
        {
            failures.ToTable("login_failures");
            failures.HasKey(f => f.Subject);
            failures.Property(f => f.Subject).HasMaxLength(300);
            failures.HasIndex(f => f.WindowEnds);
        });
}
