namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>Reading what a handler answered, from inside an endpoint filter.</summary>
public static class HttpResults
{
    /// <summary>Handlers return <c>Results&lt;A, B&gt;</c> unions; the answer that counts is inside.</summary>
    public static object? Unwrap(object? result) => result is INestedHttpResult nested ? Unwrap(nested.Result) : result;

    public static bool IsSuccess(object? unwrapped) => unwrapped is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 };
}
