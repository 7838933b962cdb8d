using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates a partner's API key: one indexed catalog read by prefix per request, never cached, so a revoked
/// key is refused on its very next request. The principal carries <c>key_id</c>, <c>tid</c> and the key's scopes.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    CatalogDbContext catalog, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary><c>LastUsedAt</c> is written at most this often per key, so busy keys do not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string Invalid = "This is not a valid API key.";

    private static readonly CompiledPerProvider<Func<CatalogDbContext, string, CancellationToken, Task<StoredKey?>>> ByPrefix =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, string prefix, CancellationToken _) =>
            (from key in db.ApiKeys
             join tenant in db.Tenants on key.TenantId equals tenant.Id
             where key.Prefix == prefix
             select new StoredKey(key.Id, key.TenantId, key.SecretHash, key.Scopes, key.ExpiresAt, key.RevokedAt, key.LastUsedAt, tenant.Status))
            .FirstOrDefault()));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return AuthenticateResult.Fail("Send the API key once, as 'X-Api-Key: crm_…' or 'Authorization: Bearer crm_…'.");
        }

        if (!ApiKeySecret.TryGetPrefix(presented, out var prefix))
        {
            return AuthenticateResult.Fail(Invalid);
        }

        var stored = await ByPrefix.For(catalog)(catalog, prefix, Context.RequestAborted);
        if (stored is null || !ApiKeySecret.Matches(presented, stored.SecretHash))
        {
            return AuthenticateResult.Fail(Invalid);
        }

        // Only the holder of the secret gets to learn why a real key is refused.
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("This API key has been revoked.");
        }

        if (stored.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("This API key has expired.");
        }

        if (stored.TenantStatus != TenantStatus.Active)
        {
            return AuthenticateResult.Fail("The tenant of this API key is not active.");
        }

        await RecordUseAsync(stored, now);
        var claims = new List<Claim> { new(CrmClaims.ApiKeyId, stored.Id.ToString()), new(CrmClaims.TenantId, stored.TenantId.ToString()) };
        claims.AddRange(stored.Scopes.Select(scope => new Claim(CrmClaims.Scope, scope)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, CrmClaims.ApiKeyId, CrmClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await AuthProblems.Unauthenticated(result.Failure?.Message ?? Invalid).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.Forbidden("API keys cannot do this: it needs a signed-in user with the right role.").ExecuteAsync(Context);

    /// <summary>The key from either header; null when there is none or two different credentials were sent.</summary>
    private string? Presented() => CrmSchemes.Presented(Request.Headers) is { IsApiKey: true, Value: { } key } ? key : null;

    /// <summary>
    /// Moves <c>LastUsedAt</c> on when it is a minute old. The condition is repeated in the update, so requests racing
    /// past the check still write once; a failure to record is logged and does not fail the request.
    /// </summary>
    private async Task RecordUseAsync(StoredKey stored, DateTime now)
    {
        if (stored.LastUsedAt > now - LastUsedResolution)
        {
            return;
        }

        var cutoff = now - LastUsedResolution;
        try
        {
            await catalog.ApiKeys.Where(k => k.Id == stored.Id && (k.LastUsedAt == null || k.LastUsedAt <= cutoff))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, (DateTime?)now), Context.RequestAborted);
        }
        catch (DbException e)
        {
            Logger.LogWarning(e, "Could not record the use of API key {KeyId}", stored.Id);
        }
    }

    private sealed record StoredKey(
        Guid Id, Guid TenantId, string SecretHash, List<string> Scopes, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt,
        TenantStatus TenantStatus);
}
