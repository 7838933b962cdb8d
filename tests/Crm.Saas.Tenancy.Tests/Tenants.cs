namespace Crm.Saas.Tenancy.Tests;

/// <summary>Catalog rows for tests: each tenant placed where the catalog would put it.</summary>
internal static class Tenants
{
    public static TenantInfo Create(string slug, TenantStatus status = TenantStatus.Active)
    {
        var id = Guid.NewGuid();
        return new TenantInfo(id, slug, slug + " Ltd", status, new TenantPlacement("postgres", "main", TenantPlacement.LocationFor(id)));
    }
}
