using System.Text.Json;

namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>A JSON reading error as a per-field validation problem, without the .NET type names the exception carries.</summary>
public static class JsonProblems
{
    public static IResult From(JsonException json)
    {
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "Unknown field."
            : IsSyntaxError(json)
                ? $"The body is not valid JSON (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})."
                : "The value has the wrong type or is not one of the allowed values.";
        return ApiProblems.Validation(FieldName(json.Path), message);
    }

    private static bool IsSyntaxError(JsonException json) =>
        json.InnerException is null && json.BytePositionInLine is not null
        && !json.Message.Contains("could not be converted", StringComparison.Ordinal);

    /// <summary>"$.consent.email" becomes "consent.email"; the root stays "$".</summary>
    private static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
