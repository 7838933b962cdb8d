using Crm.Saas.Api.Features.Purchases.Contracts;

namespace Crm.Saas.Api.Features.Purchases;

internal static class PurchasesSetup
{
    /// <summary>The publisher; each subscribing feature registers its own handlers, which run by their declared order.</summary>
    public static IServiceCollection AddPurchaseEvents(this IServiceCollection services)
    {
        services.AddScoped<IPurchaseEvents, PurchaseEvents>();
        return services;
    }
}
