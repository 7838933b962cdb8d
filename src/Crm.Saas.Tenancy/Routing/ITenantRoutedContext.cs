namespace Crm.Saas.Tenancy.Routing;

/// <summary>A DbContext bound to one tenant's schema. The schema comes from the catalog's placement, never from input.</summary>
public interface ITenantRoutedContext
{
    string TenantSchema { get; }
}
