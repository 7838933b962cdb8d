namespace Crm.Saas.Tenancy.Tests;

/// <summary>A catalog held in a dictionary: enough to test the resolver's decisions, not the store itself.</summary>
internal sealed class InMemoryTenantStore(params TenantInfo[] tenants) : ITenantStore
{
    private readonly Dictionary<Guid, TenantInfo> _byId = tenants.ToDictionary(t => t.Id);

    public Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault(id));

    public Task<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.Values.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase)));
}
