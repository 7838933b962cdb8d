using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Infrastructure.Jobs;

namespace Crm.Saas.Api.Features.Loyalty;

internal static class LoyaltySetup
{
    /// <summary>Earning on purchases (after the lifecycle subscriber, by its Order), goodwill for complaints, the nightly pass, its expiring-points mail and the balance mails show.</summary>
    public static IServiceCollection AddLoyalty(this IServiceCollection services)
    {
        services.AddScoped<PurchaseEarning>();
        services.AddScoped<IPurchaseEventHandler<PurchaseRecorded>>(sp => sp.GetRequiredService<PurchaseEarning>());
        services.AddScoped<IPurchaseEventHandler<PurchaseRefunded>>(sp => sp.GetRequiredService<PurchaseEarning>());
        services.AddScoped<IGoodwillPoints, GoodwillPoints>();
        services.AddSingleton<IExpiringPointsNotices, ExpiringPointsMail>();
        services.AddSingleton<IPointsBalance, PointsBalance>();
        services.AddTenantJob<PointsExpiry>();
        return services;
    }
}
