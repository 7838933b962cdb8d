using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Interactions;

internal static class GetInteraction
{
    public static async Task<Results<ResourceResult<InteractionResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        Guid id, HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var interaction = await InteractionQueries.LiveById(db, id, cancellationToken);
        if (interaction is null)
        {
            return ApiProblems.NotFound("interaction");
        }

        return ETags.IsNotModified(request, InteractionQueries.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(InteractionResponse.From(interaction), InteractionQueries.Version);
    }
}
