using Microsoft.AspNetCore.Http;

namespace Crm.Saas.Tenancy.Strategies;

/// <summary>The tenant named by the authenticated credential (the tenant id claim): the authoritative source.</summary>
public sealed class ClaimStrategy(string claimType = TenancyClaims.TenantId) : ITenantResolutionStrategy
{
    public TenantIdentifier? Identify(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        return Guid.TryParse(context.User.FindFirst(claimType)?.Value, out var id) ? TenantIdentifier.ById(id) : null;
    }
}

public static class TenancyClaims
{
    public const string TenantId = "tid";
}
