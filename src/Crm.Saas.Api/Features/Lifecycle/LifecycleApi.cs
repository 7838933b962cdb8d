using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>The tenant's lifecycle settings: anyone signed in reads them, admins change them.</summary>
public static class LifecycleApi
{
    public static void MapLifecycle(this IEndpointRouteBuilder v1)
    {
        var settings = v1.MapGroup("/settings/lifecycle").WithTags("Lifecycle");

        settings.MapGet("/", GetLifecycleSettings.Handle).WithName("GetLifecycleSettings").RequireScope(Scopes.CustomersRead)
            .WithSummary("The lapse window and loyalty threshold behind lifecycle stages; sends its ETag.").Produces(304);
        settings.MapPatch("/", UpdateLifecycleSettings.Handle).WithName("UpdateLifecycleSettings")
            .WithSummary("Change the lifecycle settings with a JSON Merge Patch (admins); needs If-Match.")
            .RequireAuthorization(Policies.Admin)
            .Accepts<LifecycleSettingsFields>(MergePatch.MediaType, "application/json")
            .Produces<LifecycleSettingsResponse>().ProducesValidationProblem()
            .ProducesProblem(403).ProducesProblem(412).ProducesProblem(415).ProducesProblem(428);
    }
}
