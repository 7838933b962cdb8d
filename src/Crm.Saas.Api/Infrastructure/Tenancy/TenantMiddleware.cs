using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Infrastructure.Tenancy;

/// <summary>
/// Puts the request's tenant in scope, after authentication and before authorization. The credential decides;
/// a host naming another tenant is refused (403); a credential whose tenant is gone or suspended gets no data.
/// </summary>
internal sealed class TenantMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantResolver resolver, ITenantContextAccessor accessor)
    {
        var resolution = await resolver.ResolveAsync(context);
        var authenticated = context.User.Identity?.IsAuthenticated == true;
        switch (resolution.Outcome)
        {
            case TenantResolutionOutcome.Conflict:
                await Problems.ApiProblems.Problem(403, ProblemTypes.TenantMismatch, "Tenant mismatch",
                    "This credential belongs to another tenant than the one this address names.").ExecuteAsync(context);
                return;
            case TenantResolutionOutcome.Unknown when authenticated:
                await Problems.ApiProblems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated",
                    "The tenant this credential was issued for does not exist.").ExecuteAsync(context);
                return;
            case TenantResolutionOutcome.Resolved when authenticated && !resolution.Tenant!.IsActive:
                await Problems.ApiProblems.Problem(403, ProblemTypes.TenantUnavailable, "Tenant unavailable",
                    $"This tenant is {resolution.Tenant.Status.ToString().ToLowerInvariant()}; its data cannot be reached now.").ExecuteAsync(context);
                return;
            case TenantResolutionOutcome.Resolved:
                using (accessor.BeginScope(resolution.Tenant!))
                {
                    await next(context);
                }

                return;
            default:
                await next(context);
                return;
        }
    }
}
