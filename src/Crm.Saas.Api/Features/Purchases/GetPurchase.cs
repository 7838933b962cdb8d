using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Purchases;

internal static class GetPurchase
{
    public static async Task<Results<ResourceResult<PurchaseResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        Guid id, HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var purchase = await PurchaseQueries.ById(db, id, cancellationToken);
        if (purchase is null)
        {
            return PurchaseQueries.NotFound();
        }

        return ETags.IsNotModified(request, purchase.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(PurchaseResponse.From(purchase), purchase.Version);
    }
}
