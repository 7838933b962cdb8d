using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Counts failed sign-ins per account and per client address within a window; past the limit, sign-in is refused
/// until the window ends, whatever the password. Per process: several API instances each keep their own counts,
/// which bounds guessing at the limit times the instance count.
/// </summary>
public sealed class LoginThrottle(IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string account, string? address)
    {
        var now = clock.GetUtcNow();
        var blocked = new[] { Blocked(AccountKey(account), options.Value.MaxFailedLoginsPerAccount, now), Blocked(AddressKey(address), options.Value.MaxFailedLoginsPerAddress, now) }
            .Where(wait => wait is not null)
            .ToList();
        return blocked.Count == 0 ? null : blocked.Max();
    }

    public void RecordFailure(string account, string? address)
    {
        Increment(AccountKey(account));
        Increment(AddressKey(address));
    }

    public void RecordSuccess(string account) => cache.Remove(AccountKey(account));

    private TimeSpan? Blocked(string key, int limit, DateTimeOffset now) =>
        cache.TryGetValue(key, out Failures? failures) && failures!.Count >= limit && failures.WindowEnds > now
            ? failures.WindowEnds - now
            : null;

    private void Increment(string key)
    {
        var now = clock.GetUtcNow();
        lock (cache)
        {
            if (!cache.TryGetValue(key, out Failures? failures) || failures!.WindowEnds <= now)
            {
                failures = new Failures(now + options.Value.FailedLoginWindow);
                cache.Set(key, failures, failures.WindowEnds);
            }

            failures.Count++;
        }
    }

    private static string AccountKey(string account) => "login-account:" + account.ToLowerInvariant();

    private static string AddressKey(string? address) => "login-address:" + (address ?? "unknown");

    private sealed class Failures(DateTimeOffset windowEnds)
    {
        public DateTimeOffset WindowEnds { get; } = windowEnds;

        public int Count { get; set; }
    }
}
