using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.ApiKeys;

internal static class GetApiKey
{
    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Handle(
        Guid id, CatalogDbContext catalog, ITenantContextAccessor tenants, CancellationToken cancellationToken)
    {
        var key = await catalog.ApiKeys.OfTenant(tenants.Required.Id, id).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return key is null ? ApiKeyQueries.NotFound() : TypedResults.Ok(ApiKeyResponse.From(key));
    }
}
