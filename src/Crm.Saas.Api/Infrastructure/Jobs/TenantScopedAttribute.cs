namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Marks a Hangfire job class whose methods act for one tenant. Such a method takes the tenant as an argument named
/// <c>tenantId</c>; <see cref="TenantScopeFilter"/> opens that tenant's scope before it runs and refuses to run it
/// without a known, active tenant.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class TenantScopedAttribute : Attribute
{
    public const string ArgumentName = "tenantId";
}
