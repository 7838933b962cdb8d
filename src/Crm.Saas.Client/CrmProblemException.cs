using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Saas.Client;

/// <summary>An RFC 9457 problem as the API sends it (every error answer is one).</summary>
public sealed record CrmProblem
{
    /// <summary>A stable URI naming the kind of problem (https://crm-saas.dev/problems/…): branch on this.</summary>
    public string Type { get; init; } = "about:blank";

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    /// <summary>Quote it when you report a problem.</summary>
    public string? TraceId { get; init; }

    /// <summary>For validation problems (400): each invalid field, by its JSON name, and what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The problem's other fields (requiredScope, existingId, remainingAmount, …).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Extensions { get; init; } = [];
}

/// <summary>Thrown when the API answers with an error; carries the problem details.</summary>
public sealed class CrmProblemException : Exception
{
    private const string TypeBase = "https://crm-saas.dev/problems/";

    public CrmProblemException()
        : this(HttpStatusCode.InternalServerError, new CrmProblem())
    {
    }

    public CrmProblemException(string message)
        : base(message)
    {
        Problem = new CrmProblem { Detail = message };
    }

    public CrmProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new CrmProblem { Detail = message };
    }

    public CrmProblemException(HttpStatusCode statusCode, CrmProblem problem, TimeSpan? retryAfter = null)
        : base($"{(int)statusCode} {problem.Title ?? statusCode.ToString()}: {problem.Detail ?? problem.Type}")
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    public CrmProblem Problem { get; }

    /// <summary>How long to wait before retrying (429), from Retry-After.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The last segment of the problem's type: "validation", "not-found", "insufficient-scope", …</summary>
    public string Kind => Problem.Type.StartsWith(TypeBase, StringComparison.Ordinal) ? Problem.Type[TypeBase.Length..] : Problem.Type;

    /// <summary>A problem field by name, such as "requiredScope"; null when the problem has none.</summary>
    public string? Extension(string name) =>
        Problem.Extensions.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;
}
