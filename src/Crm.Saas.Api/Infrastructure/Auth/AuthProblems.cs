using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>The 401 and 403 answers, the same for both credential kinds so that clients handle them one way.</summary>
public static class AuthProblems
{
    public static ProblemHttpResult Unauthenticated(string detail) =>
        Problems.ApiProblems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated", detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problems.ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden", detail);

    public static ProblemHttpResult InsufficientScope(string scope) =>
        Problems.ApiProblems.Problem(403, ProblemTypes.InsufficientScope, "Insufficient scope",
            $"This API key does not hold the scope '{scope}'. Issue a key with it.",
            new Dictionary<string, object?> { ["requiredScope"] = scope });
}
