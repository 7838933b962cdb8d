using Crm.Saas.Api.Infrastructure.Problems;
using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Validation;

/// <summary>Runs the request's FluentValidation validator before the handler; failures become per-field problem details.</summary>
internal sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            return Problems.ApiProblems.Validation("$", "A JSON request body is required.");
        }

        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        return result.IsValid ? await next(context) : Problems.ApiProblems.Validation(result.ToDictionary());
    }
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="TRequest"/> argument with its registered validator.</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>().ProducesValidationProblem();
}
