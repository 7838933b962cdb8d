using Crm.Saas.Api.Infrastructure.Jobs;

namespace Crm.Saas.Api.Features.Complaints;

internal static class ComplaintsSetup
{
    public static IServiceCollection AddComplaints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ComplaintOptions>().Bind(configuration.GetSection(ComplaintOptions.Section))
            .Validate(o => o.SlaCheckInterval >= TimeSpan.Zero, "Complaints:SlaCheckInterval must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<SurveyTokens>();
        services.AddScoped<ComplaintViews>();
        services.AddScoped<IComplaintMail, ComplaintMail>();
        services.AddTenantJob<ComplaintSlaJob>();
        return services;
    }
}
