using Crm.Saas.Api.Features.Lifecycle;

namespace Crm.Saas.Api.Features.Purchases;

internal static class PurchasesSetup
{
    /// <summary>The publisher and its subscribers, in the order they run (loyalty earning will register here too).</summary>
    public static IServiceCollection AddPurchaseEvents(this IServiceCollection services)
    {
        services.AddScoped<IPurchaseEvents, PurchaseEvents>();
        services.AddScoped<LifecycleStageUpdate>();
        services.AddScoped<IPurchaseEventHandler<PurchaseRecorded>>(sp => sp.GetRequiredService<LifecycleStageUpdate>());
        services.AddScoped<IPurchaseEventHandler<PurchaseRefunded>>(sp => sp.GetRequiredService<LifecycleStageUpdate>());
        return services;
    }
}
