using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Auth;

public static class AuthApi
{
    public static void MapAuth(this IEndpointRouteBuilder v1)
    {
        var auth = v1.MapGroup("/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy);

        auth.MapPost("/token", IssueToken.Handle).WithName("IssueToken")
            .WithSummary("Sign in to one tenant: an access token (15 min) and a refresh token.")
            .Validate<TokenRequest>().ProducesProblem(401).ProducesProblem(429);
        auth.MapPost("/refresh", RefreshAccessToken.Handle).WithName("RefreshToken")
            .WithSummary("Exchange a refresh token for a new pair; the old one stops working (reuse revokes the whole family).")
            .Validate<RefreshRequest>().ProducesProblem(401).ProducesProblem(429);
        auth.MapPost("/logout", Logout.Handle).WithName("Logout")
            .WithSummary("Revoke a refresh token and every token rotated from the same sign-in.")
            .Validate<RefreshRequest>().ProducesProblem(429);
    }
}
