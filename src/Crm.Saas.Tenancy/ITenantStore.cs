namespace Crm.Saas.Tenancy;

/// <summary>Looks tenants up in the catalog. Implementations may cache; they never invent tenants.</summary>
public interface ITenantStore
{
    Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken);
}
