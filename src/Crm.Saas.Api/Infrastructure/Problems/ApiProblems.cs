using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>The API's error answers, all RFC 9457 problem details (trace id added centrally).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"No {what} with that id exists.");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid.", title: "Validation failed", type: ProblemTypes.Validation);

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);
}
