using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Infrastructure.Jobs;

namespace Crm.Saas.Api.Features.Lifecycle;

internal static class LifecycleSetup
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section))
            .Validate(o => o.RecomputeInterval >= TimeSpan.Zero, "Lifecycle:RecomputeInterval must not be negative.")
            .ValidateOnStart();
        services.AddTenantJob<LifecycleRecomputation>();
        services.AddScoped<LifecycleStageUpdate>();
        services.AddScoped<IPurchaseEventHandler<PurchaseRecorded>>(sp => sp.GetRequiredService<LifecycleStageUpdate>());
        services.AddScoped<IPurchaseEventHandler<PurchaseRefunded>>(sp => sp.GetRequiredService<LifecycleStageUpdate>());
        return services;
    }
}
