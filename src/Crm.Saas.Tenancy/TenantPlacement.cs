using System.Text.RegularExpressions;

namespace Crm.Saas.Tenancy;

/// <summary>
/// Where a tenant's business data lives: the provider, the named connection (a shard), and the schema
/// (PostgreSQL) or database file (SQLite) inside it. Recorded per tenant so tenants can be spread over servers.
/// </summary>
public sealed partial record TenantPlacement
{
    public TenantPlacement(string provider, string connection, string location)
    {
        if (!LocationPattern().IsMatch(location))
        {
            // Locations end up in SQL (search_path) and file paths: only the catalog's own strict shape is accepted.
            throw new ArgumentException($"'{location}' is not a valid tenant location.", nameof(location));
        }

        Provider = provider;
        Connection = connection;
        Location = location;
    }

    public string Provider { get; }

    public string Connection { get; }

    /// <summary>Schema name (PostgreSQL) or file stem (SQLite): always <c>t_</c> followed by 32 hex digits.</summary>
    public string Location { get; }

    public static string LocationFor(Guid tenantId) => "t_" + tenantId.ToString("N");

    public static bool IsValidLocation(string location) => LocationPattern().IsMatch(location);

    [GeneratedRegex(@"^t_[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocationPattern();
}
