namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// The authentication schemes. Requests go to <see cref="Selector"/>, which forwards API keys (<c>X-Api-Key</c>, or
/// <c>Authorization: Bearer crm_…</c>) to <see cref="ApiKey"/> and everything else to the users' JWT scheme.
/// A request presents at most one credential: the same value in both headers (a generated client copying its token
/// into each) counts once; two different values are refused by <see cref="SingleCredential"/> before either is checked.
/// </summary>
public static class CrmSchemes
{
    public const string Selector = "Crm";
    public const string Jwt = Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme;
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    public static string Select(HttpContext context) => Presented(context.Request.Headers).IsApiKey ? ApiKey : Jwt;

    /// <summary>
    /// The one credential in <c>Authorization: Bearer …</c> and <c>X-Api-Key</c> (each possibly repeated; blank values
    /// carry nothing), or <see cref="PresentedCredential.Ambiguous"/> when they hold different values. A value that is
    /// also the Bearer credential is read as Bearer says (a key starts with crm_, a JWT never does): a JWT copied into
    /// X-Api-Key stays a user's token.
    /// </summary>
    public static PresentedCredential Presented(IHeaderDictionary headers)
    {
        if (!TrySingle(Values(headers.Authorization).Select(BearerToken), out var bearer)
            || !TrySingle(Values(headers[ApiKeyHeader]), out var key))
        {
            return PresentedCredential.Ambiguous;
        }

        if (bearer is not null && key is not null && !string.Equals(bearer, key, StringComparison.Ordinal))
        {
            return PresentedCredential.Ambiguous;
        }

        return bearer is not null
            ? new PresentedCredential(bearer, bearer.StartsWith(ApiKeySecret.Marker, StringComparison.Ordinal), false)
            : key is not null ? new PresentedCredential(key, true, false) : PresentedCredential.None;
    }

    /// <summary>The one non-blank value among <paramref name="values"/> (null for none); false when two differ.</summary>
    private static bool TrySingle(IEnumerable<string?> values, out string? single)
    {
        single = null;
        foreach (var value in values)
        {
            if (value is not { Length: > 0 })
            {
                continue;
            }

            if (single is not null && !string.Equals(single, value, StringComparison.Ordinal))
            {
                return false;
            }

            single = value;
        }

        return true;
    }

    /// <summary>
    /// Each value of a header, a repeated header's lines and comma-joined values alike (as proxies and HTTP clients
    /// join them): neither tokens nor keys contain commas.
    /// </summary>
    private static IEnumerable<string> Values(Microsoft.Extensions.Primitives.StringValues header)
    {
        foreach (var line in header)
        {
            if (line is null)
            {
                continue;
            }

            if (!line.Contains(','))
            {
                yield return line.Trim(); // the usual case: no copy of the token
                continue;
            }

            foreach (var value in line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return value;
            }
        }
    }

    /// <summary>The credential in <c>Authorization: Bearer …</c> (a token or a key), or null.</summary>
    public static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
}

/// <summary>The credential a request presents: <see cref="Value"/> (null for none), and whether it is read as an API key.</summary>
public readonly record struct PresentedCredential(string? Value, bool IsApiKey, bool IsAmbiguous)
{
    public static readonly PresentedCredential None = new(null, false, false);

    public static readonly PresentedCredential Ambiguous = new(null, false, true);
}
