using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.Net.Http.Headers;

namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>Entity tags from a resource's version, and the <c>If-Match</c> rule for updates and deletes.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>Null when the request may go ahead; otherwise 428 (no If-Match) or 412 (stale If-Match).</summary>
    public static IResult? CheckIfMatch(HttpRequest request, int currentVersion)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return Problems.ApiProblems.Problem(428, ProblemTypes.PreconditionRequired, "Precondition required",
                "Send If-Match with the ETag you last read, so that you do not overwrite someone else's change.");
        }

        var current = For(currentVersion);
        var matches = EntityTagHeaderValue.TryParseList(header, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && t.Tag.Equals(current, StringComparison.Ordinal)));
        return matches ? null : Stale();
    }

    /// <summary>412: the client's copy is older than the stored one.</summary>
    public static IResult Stale() =>
        Problems.ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
            "The resource changed since you read it. Read it again and retry with its current ETag.");

    /// <summary>True when the client already holds this version (If-None-Match), so a 304 will do.</summary>
    public static bool IsNotModified(HttpRequest request, int currentVersion) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Tag.Equals(For(currentVersion), StringComparison.Ordinal) || t.Equals(EntityTagHeaderValue.Any));
}

/// <summary>
/// Marks an endpoint whose handler returns a plain <see cref="IResult"/> but answers with an ETag (and 304): the
/// OpenAPI filter sees <see cref="ResourceResult{T}"/> return types by itself, not these.
/// </summary>
public sealed class SendsETagMetadata
{
    public static readonly SendsETagMetadata Instance = new();
}

public static class SendsETagExtensions
{
    public static RouteHandlerBuilder SendsETag(this RouteHandlerBuilder builder) => builder.WithMetadata(SendsETagMetadata.Instance);
}
