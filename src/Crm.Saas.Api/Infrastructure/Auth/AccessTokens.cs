using System.Security.Claims;
using Crm.Saas.Api.Platform;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>Issues short-lived access tokens naming exactly one tenant and the user's role there.</summary>
public sealed class AccessTokens(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AccessToken Issue(Guid userId, Guid tenantId, TenantRole role)
    {
        var lifetime = options.Value.AccessTokenLifetime;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(CrmClaims.Subject, userId.ToString()),
                new Claim(CrmClaims.TenantId, tenantId.ToString()),
                new Claim(CrmClaims.Role, Persistence.SnakeCaseEnumConverter<TenantRole>.ToWord(role)),
            ]),
        });
        return new AccessToken(token, (int)lifetime.TotalSeconds);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = keys.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = CrmClaims.Subject,
        RoleClaimType = CrmClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

public sealed record AccessToken(string Token, int ExpiresIn);
