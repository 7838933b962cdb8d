using Crm.Saas.Tenancy;
using Crm.Saas.Tenancy.Strategies;

namespace Crm.Saas.Api.Infrastructure.Tenancy;

internal static class TenancySetup
{
    public static readonly string[] PlatformSubdomains = ["api", "www", "app", "admin", "jobs", "docs", "status", "mail"];

    public static IServiceCollection AddCrmTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<CatalogTenantStore>();
        services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<CatalogTenantStore>());

        // Order matters: the credential first (authoritative), then the host the web client uses.
        services.AddSingleton<ITenantResolutionStrategy>(new ClaimStrategy());
        if (configuration["Tenancy:BaseDomain"] is { Length: > 0 } baseDomain)
        {
            services.AddSingleton<ITenantResolutionStrategy>(new HostStrategy(baseDomain, PlatformSubdomains));
        }

        services.AddSingleton<TenantResolver>();
        return services;
    }
}
