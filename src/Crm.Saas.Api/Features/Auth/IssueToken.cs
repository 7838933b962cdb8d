using System.Globalization;
using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Auth;

internal static class IssueToken
{
    // Verifying against this costs what verifying a real hash costs, so an unknown email answers no faster.
    private static readonly PlatformUser Nobody = new() { Email = "", EmailNormalized = "", PasswordHash = "" };
    private static readonly string NobodyHash = new PasswordHasher<PlatformUser>().HashPassword(Nobody, Guid.NewGuid().ToString());

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        TokenRequest request, HttpContext http, CatalogDbContext catalog, IPasswordHasher<PlatformUser> hasher,
        RefreshTokens refreshTokens, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        var slug = request.Tenant.Trim().ToLowerInvariant();
        var email = request.Email.Trim().ToLowerInvariant();
        var address = http.ClientAddress();
        if (await throttle.RetryAfterAsync(catalog, email, address, cancellationToken) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiProblems.Problem(429, ProblemTypes.TooManyAttempts, "Too many failed sign-ins",
                "Sign-in is paused for this account or address. Retry after the time in Retry-After.");
        }

        var candidate = await (
            from user in catalog.Users
            join membership in catalog.Memberships on user.Id equals membership.UserId
            join tenant in catalog.Tenants on membership.TenantId equals tenant.Id
            where user.EmailNormalized == email && tenant.Slug == slug && tenant.Status == TenantStatus.Active
            select new { User = user, membership.Role, TenantId = tenant.Id }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

        var verified = candidate is null
            ? Fail(hasher.VerifyHashedPassword(Nobody, NobodyHash, request.Password))
            : hasher.VerifyHashedPassword(candidate.User, candidate.User.PasswordHash, request.Password) != PasswordVerificationResult.Failed;
        if (!verified)
        {
            await throttle.RecordFailureAsync(catalog, email, address, cancellationToken);
            return SignInProblems.InvalidCredentials();
        }

        await throttle.RecordSuccessAsync(catalog, email, cancellationToken);
        var pair = await refreshTokens.IssueAsync(candidate!.User.Id, candidate.TenantId, candidate.Role, cancellationToken);
        return TypedResults.Ok(TokenResponse.From(pair));
    }

    /// <summary>The dummy verification's result is never a success.</summary>
    private static bool Fail(PasswordVerificationResult _) => false;
}
