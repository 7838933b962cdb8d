using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Saas.Api.Infrastructure.Problems;

internal static class ProblemDetailsSetup
{
    /// <summary>Every problem gets a stable type and the trace id that our logs carry; never a stack trace.</summary>
    public static IServiceCollection AddCrmProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (string.IsNullOrEmpty(problem.Type) || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            problem.Title = SentenceCase(problem.Title, status);
            if (status == StatusCodes.Status404NotFound && problem.Detail is null && context.HttpContext.GetEndpoint() is null)
            {
                // No route matched: also what a malformed id gives, as {id:guid} routes do not match "not-a-uuid".
                problem.Detail = "Nothing exists at this path. Ids in paths are UUIDs (e.g. 3f2b8c1e-6d0a-4c47-9a51-2f1e6b7d9c30).";
            }

            if (status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
            {
                // Refused by routing on the endpoint's Accepts metadata, before any handler: only merge patches take more than JSON.
                var request = context.HttpContext.Request;
                var types = HttpMethods.IsPatch(request.Method) ? "application/merge-patch+json or application/json" : "application/json";
                problem.Detail = $"This endpoint takes {types}; the request sent {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{request.ContentType}'")}.";
            }

            problem.Extensions.Remove("exception");
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        return services;
    }

    /// <summary>
    /// The framework titles its problems with the status's reason phrase ("Method Not Allowed"); ours are in sentence
    /// case ("Not found"), so those become "Method not allowed" and a client sees one style.
    /// </summary>
    private static string? SentenceCase(string? title, int status) =>
        title is { Length: > 1 } && string.Equals(title, ReasonPhrases.GetReasonPhrase(status), StringComparison.Ordinal)
            ? title[0] + title[1..].ToLowerInvariant()
            : title;
}
