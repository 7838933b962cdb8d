using Crm.Saas.Api.Infrastructure.Problems;
using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Validation;

/// <summary>
/// Runs the request's FluentValidation validator before the handler; failures become per-field problem details.
/// The request is a JSON body or an <c>[AsParameters]</c> query record: both arrive as one argument of the handler.
/// </summary>
internal sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            // Only a body can be missing: an [AsParameters] record is always bound, its absent fields are nulls.
            return Problems.ApiProblems.Validation("$", "A JSON request body is required.");
        }

        return await validator.RefuseInvalidAsync(request, context.HttpContext.RequestAborted) ?? await next(context);
    }
}

/// <summary>Marks an endpoint whose <see cref="Type"/> argument the filter validates, so tests can find one left unchecked.</summary>
internal sealed record ValidatedArgument(Type Type);

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="TRequest"/> argument (body or query record) with its registered validator.</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>().WithMetadata(new ValidatedArgument(typeof(TRequest))).ProducesValidationProblem();

    /// <summary>
    /// For a write that takes If-Match: its handler validates the body itself, after the If-Match check (with
    /// <see cref="ValidationResults.RefuseInvalidAsync"/>), so that a stale version is a 412 (none a 428) even when the
    /// body is invalid too; a filter would answer 400 first, and a client sending nulls would never learn it is stale.
    /// </summary>
    public static RouteHandlerBuilder ValidatesAfterIfMatch(this RouteHandlerBuilder builder) => builder.ProducesValidationProblem();
}

public static class ValidationResults
{
    /// <summary>The 400 for an invalid <paramref name="value"/>, or null when it is valid.</summary>
    public static async Task<IResult?> RefuseInvalidAsync<T>(this IValidator<T> validator, T value, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(value, cancellationToken);
        return result.IsValid ? null : Problems.ApiProblems.Validation(result.ToDictionary());
    }
}
