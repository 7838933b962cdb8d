using System.Collections.Concurrent;
using System.Security.Claims;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Access tokens already validated, with the principal they gave. A client sends the same token with every request
/// for its whole lifetime; checking its signature and parsing its claims each time was about a tenth of the CPU
/// of a customer read. Keyed by the whole token, so a token differing in any byte (signature included) is validated
/// afresh; an entry is used only until the token's own expiry (by the same clock the validator uses), so nothing is
/// accepted that validation would refuse. Bounded: when full it is emptied rather than grown.
/// </summary>
public sealed class ValidatedAccessTokens
{
    private const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(token, out var entry) && DateTime.UtcNow < entry.ValidTo)
        {
            principal = entry.Principal;
            return true;
        }

        principal = null!;
        return false;
    }

    /// <summary>
    /// Remembers the token with a slim copy of its principal (the claims only) and returns that copy for the request.
    /// The handler's own identity keeps the parsed token (header, payload, claim sets): several kilobytes per entry,
    /// which across a fleet's tokens was tens of megabytes.
    /// </summary>
    public ClaimsPrincipal Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear(); // expired entries go too; the next requests validate once more
        }

        var slim = new ClaimsPrincipal(principal.Identities.Select(identity => new ClaimsIdentity(
            identity.Claims.Select(c => new Claim(c.Type, c.Value, c.ValueType)), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)));
        _entries[token] = new Entry(slim, validTo);
        return slim;
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTime ValidTo);
}
