using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Lifecycle;

internal static class GetLifecycleSettings
{
    public static async Task<Results<ResourceResult<LifecycleSettingsResponse>, StatusCodeHttpResult>> Handle(
        HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken);
        return ETags.IsNotModified(request, settings.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(LifecycleSettingsResponse.From(settings), settings.Version);
    }
}
