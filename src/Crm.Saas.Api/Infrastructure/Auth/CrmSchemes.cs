namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// The authentication schemes. Requests go to <see cref="Selector"/>, which forwards API keys (<c>X-Api-Key</c>, or
/// <c>Authorization: Bearer crm_…</c>) to <see cref="ApiKey"/> and everything else to the users' JWT scheme.
/// </summary>
public static class CrmSchemes
{
    public const string Selector = "Crm";
    public const string Jwt = Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme;
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    public static string Select(HttpContext context)
    {
        var headers = context.Request.Headers;
        return headers.ContainsKey(ApiKeyHeader) || BearerApiKey(headers.Authorization.ToString()) is not null ? ApiKey : Jwt;
    }

    /// <summary>The credential in <c>Authorization: Bearer …</c> (a token or a key), or null.</summary>
    public static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;

    /// <summary>The key in <c>Authorization: Bearer crm_…</c>, or null. A JWT never starts with <c>crm_</c>.</summary>
    public static string? BearerApiKey(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && authorization.AsSpan(7).TrimStart().StartsWith(ApiKeySecret.Marker, StringComparison.Ordinal)
            ? authorization[7..].Trim()
            : null;
}
