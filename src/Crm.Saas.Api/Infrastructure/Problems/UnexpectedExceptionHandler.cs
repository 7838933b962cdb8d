using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Diagnostics;

namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>The last resort: log the exception, answer with a problem that says nothing about the internals.</summary>
internal sealed class UnexpectedExceptionHandler(ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is TenantRequiredException)
        {
            // Tenant data was asked for without a tenant: fail closed, as if there were nothing there.
            await ApiProblems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated", "A tenant credential is required.").ExecuteAsync(httpContext);
            return true;
        }

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        await ApiProblems.Problem(500, ProblemTypes.Internal, "Internal error", "Something went wrong on our side. Quote the traceId when you report it.")
            .ExecuteAsync(httpContext);
        return true;
    }
}
