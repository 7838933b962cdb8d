namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// A problem response whose meaning is particular to one operation: the generic words for its status (or the bare
/// reason phrase) would not tell a client what to do about it.
/// </summary>
public static class DescribedResponses
{
    public static RouteHandlerBuilder ProducesDescribedProblem(this RouteHandlerBuilder builder, int statusCode, string description, bool retryAfter = false)
    {
        builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"])
        {
            Description = description,
        });
        return retryAfter ? builder.WithMetadata(new RetryAfterMetadata(statusCode)) : builder;
    }
}

/// <summary>The operation's <see cref="StatusCode"/> answer carries Retry-After.</summary>
public sealed record RetryAfterMetadata(int StatusCode);
