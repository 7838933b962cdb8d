using Microsoft.AspNetCore.Http;

namespace Crm.Saas.Tenancy.Strategies;

/// <summary>One way of telling which tenant a request names. Strategies are tried in registration order.</summary>
public interface ITenantResolutionStrategy
{
    TenantIdentifier? Identify(HttpContext context);
}

/// <summary>A tenant as a request names it: by id (a credential) or by slug (a host name).</summary>
public readonly record struct TenantIdentifier(Guid? Id, string? Slug)
{
    public static TenantIdentifier ById(Guid id) => new(id, null);

    public static TenantIdentifier BySlug(string slug) => new(null, slug);

    public bool Names(TenantInfo tenant) =>
        Id is { } id ? id == tenant.Id : string.Equals(Slug, tenant.Slug, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Id?.ToString() ?? Slug ?? "";
}
