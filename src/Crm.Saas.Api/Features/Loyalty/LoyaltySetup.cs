using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Infrastructure.Jobs;

namespace Crm.Saas.Api.Features.Loyalty;

internal static class LoyaltySetup
{
    /// <summary>Earning on purchases (after the lifecycle subscriber), goodwill for complaints, the nightly pass and its notice seam.</summary>
    public static IServiceCollection AddLoyalty(this IServiceCollection services)
    {
        services.AddScoped<PurchaseEarning>();
        services.AddScoped<IPurchaseEventHandler<PurchaseRecorded>>(sp => sp.GetRequiredService<PurchaseEarning>());
        services.AddScoped<IPurchaseEventHandler<PurchaseRefunded>>(sp => sp.GetRequiredService<PurchaseEarning>());
        services.AddScoped<IGoodwillPoints, GoodwillPoints>();
        services.AddSingleton<IExpiringPointsNotices, NoExpiringPointsNotices>();
        services.AddTenantJob<PointsExpiry>();
        return services;
    }
}
