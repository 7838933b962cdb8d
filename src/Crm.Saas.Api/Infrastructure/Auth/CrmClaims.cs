using System.Security.Claims;
using Crm.Saas.Tenancy.Strategies;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// The claims our credentials carry. A user's access token: <c>sub</c> (user id), <c>tid</c>, <c>role</c>.
/// A partner's API key: <c>key_id</c>, <c>tid</c>, one <c>scope</c> claim per scope, and no role.
/// </summary>
public static class CrmClaims
{
    public const string Subject = "sub";
    public const string TenantId = TenancyClaims.TenantId;
    public const string Role = "role";
    public const string ApiKeyId = "key_id";
    public const string Scope = "scope";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyId) is null && Guid.TryParse(user.FindFirst(Subject)?.Value, out var id) ? id : null;

    public static Guid? KeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ApiKeyId)?.Value, out var id) ? id : null;

    /// <summary>Who acted, for the audit log: a user or an API key.</summary>
    public static (string Type, Guid Id)? Actor(this ClaimsPrincipal user) =>
        user.KeyId() is { } key ? ("api_key", key) : user.UserId() is { } id ? ("user", id) : null;
}
