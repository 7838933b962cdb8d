using System.Security.Claims;
using Crm.Saas.Tenancy.Strategies;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>The claims our access tokens carry.</summary>
public static class CrmClaims
{
    public const string Subject = "sub";
    public const string TenantId = TenancyClaims.TenantId;
    public const string Role = "role";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(Subject)?.Value, out var id) ? id : null;
}
