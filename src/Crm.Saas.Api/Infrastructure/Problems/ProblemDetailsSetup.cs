using System.Diagnostics;

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

            problem.Extensions.Remove("exception");
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        return services;
    }
}
