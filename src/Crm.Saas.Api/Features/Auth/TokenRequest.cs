using Crm.Saas.Api.Infrastructure.Auth;

namespace Crm.Saas.Api.Features.Auth;

/// <summary>Sign-in: the tenant (its slug) to work in, and the user's credentials.</summary>
public sealed record TokenRequest(string Tenant, string Email, string Password);

/// <summary>An access token (short-lived, names one tenant) and the refresh token that renews it.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, Guid TenantId)
{
    public static TokenResponse From(TokenPair pair) =>
        new(pair.Access.Token, "Bearer", pair.Access.ExpiresIn, pair.RefreshToken, pair.TenantId);
}

public sealed record RefreshRequest(string RefreshToken);
