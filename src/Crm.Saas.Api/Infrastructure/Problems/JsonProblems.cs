using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>A JSON reading error as a per-field validation problem, without the .NET type names the exception carries.</summary>
public static partial class JsonProblems
{
    public static IResult From(JsonException json)
    {
        var field = FieldName(json.Path);
        if (json is Json.UnknownEnumWordException)
        {
            return ApiProblems.Validation(field, json.Message);
        }

        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return ApiProblems.Validation(field, "Unknown field.");
        }

        // A syntax error is about the body as a whole: reported at "$", with the field named in the message.
        if (IsSyntaxError(json))
        {
            return ApiProblems.Validation("$",
                $"The body is not valid JSON: {SyntaxProblem(json)} (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}{(field == "$" ? "" : $", in {field}")}).");
        }

        return ApiProblems.Validation(field, ConversionTarget().Match(json.Message) is { Success: true } match
            ? $"Wrong type: expected {Expected(match.Groups["type"].Value)}."
            : "The value has the wrong type or is not one of the allowed values.");
    }

    /// <summary>The serializer wraps the reader's own exception (also a JsonException) for broken syntax.</summary>
    private static bool IsSyntaxError(JsonException json) =>
        json.BytePositionInLine is not null
        && (json.InnerException is null || json.InnerException is JsonException)
        && !json.Message.Contains("could not be converted", StringComparison.Ordinal);

    /// <summary>The reader's reason in words a client can act on, without its own position suffix.</summary>
    private static string SyntaxProblem(JsonException json)
    {
        var reason = (json.InnerException ?? json).Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        reason = (cut >= 0 ? reason[..cut] : reason).Trim().TrimEnd('.');
        return reason switch
        {
            _ when reason.Contains("Expected depth to be zero", StringComparison.Ordinal) || reason.Contains("end of data", StringComparison.Ordinal)
                || reason.Contains("unexpected end", StringComparison.OrdinalIgnoreCase) => "unexpected end of JSON (an object, array or string is not closed)",
            _ when reason.Contains("number", StringComparison.OrdinalIgnoreCase) => "invalid number",
            _ when reason.Contains("after a single JSON value", StringComparison.Ordinal) => "unexpected text after the JSON value",
            _ when reason.Contains("maximum configured depth", StringComparison.Ordinal) => "nested too deeply",
            _ => reason.Length > 200 ? reason[..200] : reason,
        };
    }

    /// <summary>What the field takes, in JSON terms ("a string", "one of: person, organization"), never a .NET name.</summary>
    private static string Expected(string typeName)
    {
        var type = Type.GetType(typeName) ?? typeof(JsonProblems).Assembly.GetType(typeName);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null when typeName.Contains("List`", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "an array",
            null => "a value of another type",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "an integer",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(Guid) => "a UUID",
            _ when type == typeof(DateOnly) => "a date (YYYY-MM-DD)",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "a date and time (ISO 8601, e.g. 2026-01-31T09:00:00Z)",
            _ when type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\. Path:")]
    private static partial Regex ConversionTarget();

    /// <summary>"$.consent.email" becomes "consent.email"; the root stays "$".</summary>
    private static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
