using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>
/// Turns what the framework refuses while reading a request (malformed JSON, wrong types, unknown enum values,
/// unknown fields, oversized or missing bodies) into problem details naming the field, instead of a bare 400 or a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var result = bad switch
        {
            { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiProblems.Problem(
                413, ProblemTypes.PayloadTooLarge, "Payload too large", "The request body is larger than this endpoint accepts."),
            { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ApiProblems.Problem(
                415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", UnsupportedMediaTypeDetail(httpContext)),
            { InnerException: JsonException json } => JsonProblems.From(json),
            _ when httpContext.Request.ContentLength is 0 || bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) =>
                (IResult)ApiProblems.Validation("$", "A JSON request body is required."),
            _ => ApiProblems.Problem(bad.StatusCode, ProblemTypes.MalformedRequest, "Malformed request", "The request could not be read."),
        };

        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Names the content types this endpoint reads (its Accepts metadata), so the client knows what to send instead.</summary>
    private static string UnsupportedMediaTypeDetail(HttpContext httpContext)
    {
        var accepted = httpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes).Distinct().ToList();
        var types = accepted is { Count: > 0 } ? string.Join(" or ", accepted) : "application/json";
        var sent = httpContext.Request.ContentType is { Length: > 0 } contentType ? $"'{contentType}'" : "no Content-Type";
        return $"This endpoint takes {types}; the request sent {sent}.";
    }
}
