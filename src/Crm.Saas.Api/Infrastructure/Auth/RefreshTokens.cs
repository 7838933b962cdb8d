using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Issues, rotates and revokes refresh tokens. A token can be exchanged once; a second exchange is a sign that it
/// was stolen, so the whole family dies and both the thief and the user must sign in again.
/// </summary>
public sealed class RefreshTokens(CatalogDbContext catalog, AccessTokens accessTokens, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Prefix = "crm_rt_";

    /// <summary>A new login: a new family.</summary>
    public Task<TokenPair> IssueAsync(Guid userId, Guid tenantId, TenantRole role, CancellationToken cancellationToken) =>
        IssueInFamilyAsync(Guid.CreateVersion7(), userId, tenantId, role, cancellationToken);

    /// <summary>The new pair, or null when the token is unknown, expired, revoked, reused, or its membership is gone.</summary>
    public async Task<TokenPair?> RotateAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await catalog.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == SecretTokens.Hash(refreshToken), cancellationToken);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        // Claim the token atomically: of two racing exchanges, only one can set UsedAt.
        var claimed = await catalog.RefreshTokens.Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(token.FamilyId, cancellationToken);
            return null;
        }

        var membership = await (
            from m in catalog.Memberships
            join tenant in catalog.Tenants on m.TenantId equals tenant.Id
            where m.UserId == token.UserId && m.TenantId == token.TenantId && tenant.Status == TenantStatus.Active
            select (TenantRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (membership is not { } role)
        {
            await RevokeFamilyAsync(token.FamilyId, cancellationToken);
            return null;
        }

        return await IssueInFamilyAsync(token.FamilyId, token.UserId, token.TenantId, role, cancellationToken);
    }

    /// <summary>Logout: the token's whole family stops working. Unknown tokens are ignored (nothing to tell).</summary>
    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var family = await catalog.RefreshTokens.Where(t => t.TokenHash == SecretTokens.Hash(refreshToken))
            .Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(cancellationToken);
        if (family is { } id)
        {
            await RevokeFamilyAsync(id, cancellationToken);
        }
    }

    /// <summary>Every refresh token of a user in one tenant: used when the membership is removed.</summary>
    public Task RevokeAllAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return catalog.RefreshTokens.Where(t => t.UserId == userId && t.TenantId == tenantId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private Task RevokeFamilyAsync(Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return catalog.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private async Task<TokenPair> IssueInFamilyAsync(Guid familyId, Guid userId, Guid tenantId, TenantRole role, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = SecretTokens.New(Prefix);
        catalog.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            FamilyId = familyId,
            UserId = userId,
            TenantId = tenantId,
            TokenHash = SecretTokens.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        });
        await catalog.SaveChangesAsync(cancellationToken);
        return new TokenPair(accessTokens.Issue(userId, tenantId, role), secret, tenantId);
    }
}

public sealed record TokenPair(AccessToken Access, string RefreshToken, Guid TenantId);
