namespace Crm.Saas.Api.Infrastructure.Jobs;

internal static class TenantJobsSetup
{
    /// <summary>The scheduler that runs every registered <see cref="ITenantJob"/>.</summary>
    public static IServiceCollection AddTenantJobs(this IServiceCollection services)
    {
        services.AddHostedService<TenantJobScheduler>();
        return services;
    }

    /// <summary>Registers a job as itself (so tests can run one tenant's pass directly) and as an <see cref="ITenantJob"/>.</summary>
    public static IServiceCollection AddTenantJob<TJob>(this IServiceCollection services)
        where TJob : class, ITenantJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<ITenantJob>(sp => sp.GetRequiredService<TJob>());
        return services;
    }
}
