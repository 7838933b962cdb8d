using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Loyalty;

internal static class GetLoyaltyProgram
{
    public static async Task<Results<ResourceResult<LoyaltyProgramResponse>, StatusCodeHttpResult>> Handle(
        HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        return ETags.IsNotModified(request, program.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(LoyaltyProgramResponse.From(program), program.Version);
    }
}
