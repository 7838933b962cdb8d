using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Auth;

internal static class SignInProblems
{
    // One answer for every failure: it must not tell whether the tenant, the email or the password was wrong.
    public static ProblemHttpResult InvalidCredentials() =>
        ApiProblems.Problem(401, ProblemTypes.InvalidCredentials, "Invalid credentials", "The tenant, email or password is not correct.");

    public static ProblemHttpResult InvalidRefreshToken() =>
        ApiProblems.Problem(401, ProblemTypes.InvalidCredentials, "Invalid refresh token",
            "The refresh token is unknown, expired, revoked or already used. Sign in again.");
}
