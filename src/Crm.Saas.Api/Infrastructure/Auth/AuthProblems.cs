using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>The 401 and 403 answers, the same for both credential kinds so that clients handle them one way.</summary>
public static class AuthProblems
{
    public static ProblemHttpResult Unauthenticated(string detail) =>
        Problems.Problems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated", detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problems.Problems.Problem(403, ProblemTypes.Forbidden, "Forbidden", detail);

    /// <summary>
    /// 400 for two different credentials in one request. Decided from the headers alone, before either is checked,
    /// so the answer is the same whether either was valid, expired or another tenant's.
    /// </summary>
    public static ProblemHttpResult AmbiguousCredentials() =>
        Problems.Problems.Problem(400, ProblemTypes.AmbiguousCredentials, "Ambiguous credentials",
            "This request carries two different credentials (in Authorization: Bearer and X-Api-Key, or one of them twice). " +
            "Send one: a user's access token or an API key. The same value in both headers counts as one.");

    public static ProblemHttpResult InsufficientScope(string scope) =>
        Problems.Problems.Problem(403, ProblemTypes.InsufficientScope, "Insufficient scope",
            $"This API key does not hold the scope '{scope}'. Issue a key with it.",
            new Dictionary<string, object?> { ["requiredScope"] = scope });
}
