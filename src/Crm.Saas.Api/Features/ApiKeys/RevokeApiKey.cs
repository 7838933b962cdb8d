using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>
/// Revokes at once: the key handler reads the catalog on every request, so the key's next request is refused.
/// No If-Match: a revoke overwrites nothing anyone could have changed, and repeating it changes nothing.
/// </summary>
internal static class RevokeApiKey
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, CatalogDbContext catalog, ITenantContextAccessor tenants, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = await catalog.ApiKeys.OfTenant(tenants.Required.Id, id).FirstOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return ApiKeyQueries.NotFound();
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = StoredTime.Of(clock.GetUtcNow().UtcDateTime);
            await catalog.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
