using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Auth;

public static class AuthApi
{
    // Verifying against this costs what verifying a real hash costs, so an unknown email answers no faster.
    private static readonly PlatformUser Nobody = new() { Email = "", EmailNormalized = "", PasswordHash = "" };
    private static readonly string NobodyHash = new PasswordHasher<PlatformUser>().HashPassword(Nobody, Guid.NewGuid().ToString());

    public static void MapAuth(this IEndpointRouteBuilder v1) =>
        v1.MapPost("/auth/token", IssueToken)
            .WithName("IssueToken").WithTags("Auth").WithSummary("Exchange a tenant, email and password for an access token.")
            .AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimits.AnonymousPolicy).ProducesProblem(429)
            .Validate<TokenRequest>()
            .ProducesProblem(401);

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(
        TokenRequest request, CatalogDbContext catalog, IPasswordHasher<PlatformUser> hasher, AccessTokens tokens, CancellationToken cancellationToken)
    {
        var slug = request.Tenant.Trim().ToLowerInvariant();
        var email = request.Email.Trim().ToLowerInvariant();
        var candidate = await (
            from user in catalog.Users
            join membership in catalog.Memberships on user.Id equals membership.UserId
            join tenant in catalog.Tenants on membership.TenantId equals tenant.Id
            where user.EmailNormalized == email && tenant.Slug == slug && tenant.Status == TenantStatus.Active
            select new { User = user, membership.Role, TenantId = tenant.Id }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

        if (candidate is null)
        {
            hasher.VerifyHashedPassword(Nobody, NobodyHash, request.Password);
            return InvalidCredentials();
        }

        if (hasher.VerifyHashedPassword(candidate.User, candidate.User.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            return InvalidCredentials();
        }

        var token = tokens.Issue(candidate.User.Id, candidate.TenantId, candidate.Role);
        return TypedResults.Ok(new TokenResponse(token.Token, "Bearer", token.ExpiresIn));
    }

    // One answer for every failure: it must not tell whether the tenant, the email or the password was wrong.
    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Problem(401, ProblemTypes.InvalidCredentials, "Invalid credentials", "The tenant, email or password is not correct.");
}
