namespace Crm.Saas.Api.Persistence;

/// <summary>Where the catalog and the tenants' data live. Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite: the folder holding <c>platform.db</c> and <c>tenants/*.db</c>. Also holds the generated signing key.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>PostgreSQL: the catalog's connection string (schema <c>platform</c>).</summary>
    public string? Catalog { get; set; }

    /// <summary>PostgreSQL: named connections that hold tenant schemas. Empty means one shard, <c>main</c>, on the catalog's server.</summary>
    public Dictionary<string, string> Shards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Migrate the catalog and every tenant at start-up. Fleets that run <c>migrate</c> as a deployment step turn it off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public IReadOnlyDictionary<string, string> EffectiveShards =>
        Shards.Count > 0 ? Shards : new Dictionary<string, string> { ["main"] = Catalog ?? "" };

    public string DataPath(params string[] parts) => Path.Combine([Path.GetFullPath(DataDirectory), .. parts]);
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
