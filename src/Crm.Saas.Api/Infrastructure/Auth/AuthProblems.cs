using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>The 401 and 403 answers, the same for both credential kinds so that clients handle them one way.</summary>
public static class AuthProblems
{
    public static ProblemHttpResult Unauthenticated(string detail) =>
        Problems.ApiProblems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated", detail);

    /// <summary>
    /// The <c>WWW-Authenticate</c> value and problem detail for a refused access token (RFC 6750 §3): a client that
    /// sent none gets a bare challenge; an expired token is told apart from a garbled one, so a client knows to refresh.
    /// </summary>
    public static (string Challenge, string Detail) BearerChallenge(Exception? failure) => failure switch
    {
        null => ("Bearer", "Send a valid access token as 'Authorization: Bearer <token>', or an API key as 'X-Api-Key: crm_…'."),
        SecurityTokenExpiredException => (
            "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
            "The access token expired. Get a new one with POST /v1/auth/refresh, or sign in again."),
        _ => (
            "Bearer error=\"invalid_token\", error_description=\"The access token is malformed or invalid\"",
            "The access token is malformed or invalid (not issued by this service, or altered). Sign in again for a new one."),
    };

    public static ProblemHttpResult Forbidden(string detail) =>
        Problems.ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden", detail);

    /// <summary>
    /// 400 for two different credentials in one request. Decided from the headers alone, before either is checked,
    /// so the answer is the same whether either was valid, expired or another tenant's.
    /// </summary>
    public static ProblemHttpResult AmbiguousCredentials() =>
        Problems.ApiProblems.Problem(400, ProblemTypes.AmbiguousCredentials, "Ambiguous credentials",
            "This request carries two different credentials (in Authorization: Bearer and X-Api-Key, or one of them twice). " +
            "Send one: a user's access token or an API key. The same value in both headers counts as one.");

    public static ProblemHttpResult InsufficientScope(string scope) =>
        Problems.ApiProblems.Problem(403, ProblemTypes.InsufficientScope, "Insufficient scope",
            $"This API key does not hold the scope '{scope}'. Issue a key with it.",
            new Dictionary<string, object?> { ["requiredScope"] = scope });
}
