namespace Crm.Saas.Api.Features.Auth;

/// <summary>Sign-in: the tenant (its slug) to work in, and the user's credentials.</summary>
public sealed record TokenRequest(string Tenant, string Email, string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
