using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Platform;

/// <summary>A business renting the CRM: the catalog row that says who it is and where its data lives.</summary>
public sealed class Tenant
{
    public Guid Id { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; set; }

    public TenantStatus Status { get; set; }

    public required string Provider { get; init; }

    /// <summary>The named connection (shard) that holds the tenant's schema or file.</summary>
    public required string Connection { get; init; }

    public required string Location { get; init; }

    /// <summary>The last migration applied to the tenant's store; compared with the code's latest by the readiness check.</summary>
    public string? SchemaVersion { get; set; }

    public string? LastMigrationError { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public TenantInfo ToInfo() => new(Id, Slug, Name, Status, new TenantPlacement(Provider, Connection, Location));
}
