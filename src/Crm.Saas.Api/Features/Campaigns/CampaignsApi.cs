using Crm.Saas.Api.Features.Purchases.Contracts;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Campaigns;

public static class CampaignsApi
{
    public static void MapCampaigns(this IEndpointRouteBuilder v1)
    {
        var winBack = v1.MapGroup("/campaigns/win-back").WithTags("Campaigns");
        winBack.MapGet("/", WinBackEndpoints.GetSettings).WithName("GetWinBackSettings").RequireScope(Scopes.CampaignsRead)
            .WithSummary("The win-back policy (off until enabled); sends its ETag.").Produces<WinBackSettingsResponse>().Produces(304);
        winBack.MapPut("/", WinBackEndpoints.PutSettings).WithName("PutWinBackSettings").RequireAuthorization(Policies.Admin)
            .ValidatesAfterIfMatch()
            .WithSummary("Replace the win-back policy (admins); If-Match honoured when sent; 403 when the plan lacks win-back.")
            .Produces<WinBackSettingsResponse>().ProducesProblem(403).ProducesProblem(412);
        winBack.MapGet("/runs", WinBackEndpoints.ListRuns).WithName("ListWinBackRuns").RequireScope(Scopes.CampaignsRead)
            .WithSummary("Recent daily runs, newest first (limit 1–100, default 20), with selected, queued, sent, suppressed, failed and converted counts.")
            .Produces<WinBackRunsResponse>().ProducesValidationProblem();
        winBack.MapPost("/preview", WinBackEndpoints.Preview).WithName("PreviewWinBack").RequireScope(Scopes.CampaignsRead)
            .WithSummary("Who the campaign would mail now, without sending anything.").Produces<WinBackPreviewResponse>();
    }

    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignOptions>().Bind(configuration.GetSection(CampaignOptions.Section))
            .Validate(o => o.WinBackInterval >= TimeSpan.Zero, "Campaigns:WinBackInterval must not be negative.").ValidateOnStart();
        services.AddTenantJob<WinBackCampaign>();
        services.AddScoped<WinBackConversion>();
        services.AddScoped<IPurchaseEventHandler<PurchaseRecorded>>(sp => sp.GetRequiredService<WinBackConversion>());
        return services;
    }
}
