using Crm.Saas.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Saas.Api.Features.Billing;

internal static class BillingSetup
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BillingOptions>()
            .Configure(PlanCatalogue.Defaults)
            .Bind(configuration.GetSection(BillingOptions.Section))
            .Validate(o => o.GracePeriod >= TimeSpan.Zero && o.TrialDays >= 0, "Billing: GracePeriod and TrialDays must not be negative.")
            .Validate(o => o.Plans.ContainsKey(o.NewTenantPlan), "Billing:NewTenantPlan must name a plan in Billing:Plans.")
            .ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section))
            .Validate(o => o.MaxNetworkRetries is >= 0 and <= 10, "Stripe:MaxNetworkRetries must be 0 to 10.")
            .Validate(o => o.WebhookTimeout > TimeSpan.Zero && o.WebhookTimeout <= StripeOptions.MaxWebhookTimeout,
                $"Stripe:WebhookTimeout must be positive and at most {StripeOptions.MaxWebhookTimeout} (under Stripe's delivery timeout).")
            .ValidateOnStart();

        services.AddSingleton<PlanCatalogue>();
        services.AddSingleton<BillingSnapshots>();
        services.AddSingleton<StripeGateway>();
        services.AddScoped<IEntitlements, Entitlements>();
        services.AddSingleton<Contracts.IWinBackEntitlement, PlanWinBackEntitlement>();
        services.AddScoped<IUsageMeter, CustomerMeter>();
        services.AddScoped<IUsageMeter, UserMeter>();
        services.AddScoped<IUsageMeter, ApiKeyMeter>();
        services.AddScoped<IUsageMeter, MailMeter>();
        services.AddScoped<StripeWebhookProcessor>();
        services.Replace(ServiceDescriptor.Singleton<ITenantRateLimits, PlanRateLimits>());
        services.Replace(ServiceDescriptor.Singleton<Mails.IMailQuota, PlanMailQuota>());
        return services;
    }

    /// <summary>After the tenant is resolved and before the rate limiter: the plan's limits must be at hand.</summary>
    public static IApplicationBuilder UseBillingEntitlements(this IApplicationBuilder app) => app.UseMiddleware<BillingWarmup>();
}
