using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Saas.Api.Features.Audit;
using Crm.Saas.Api.Features.Campaigns;
using Crm.Saas.Api.Features.ApiKeys;
using Crm.Saas.Api.Features.Auth;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Features.Contacts;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Features.Interactions;
using Crm.Saas.Api.Features.Signup;
using Crm.Saas.Api.Features.Timeline;
using Crm.Saas.Api.Features.Users;
using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Infrastructure.OpenApi;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Tenancy;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;

namespace Crm.Saas.Api;

/// <summary>How the one binary is put together: services, then the request pipeline and the route map.</summary>
internal static class CrmHost
{
    /// <summary>Largest request body accepted. Enough for a 100-item batch; an absurd body is refused before it is read.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddCrm(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddCrmProblemDetails();
        services.AddCrmValidation();
        services.AddCrmPersistence(builder.Configuration);
        services.AddCrmTenancy(builder.Configuration);
        services.AddCrmAuth(builder.Configuration);
        services.AddCrmForwardedHeaders(builder.Configuration);
        services.AddCrmRateLimits(builder.Configuration);
        services.AddCrmOpenApi();

        services.AddSingleton<IPasswordHasher<PlatformUser>, PasswordHasher<PlatformUser>>();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<RefreshTokens>();
        services.AddScoped<TenantProvisioner>();
        services.AddSingleton<ShardPlanner>();
        services.AddSingleton<MigrationLock>();
        services.AddScoped<FleetMigrator>();
        services.AddCrmJobs(builder.Configuration);
        services.AddCustomers();
        services.AddPurchaseEvents();
        services.AddLifecycle(builder.Configuration);
        services.AddLoyalty();
        services.AddComplaints(builder.Configuration);
        services.AddMails(builder.Configuration);
        services.AddCampaigns(builder.Configuration);
        services.AddBilling(builder.Configuration);
        services.AddHealthChecks().AddCheck<MigrationReadinessCheck>("migrations", tags: ["ready"]);
    }

    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new Infrastructure.Json.EnumWordsJsonConverter()); // snake_case words, any letter case, nothing else
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow; // a misspelt field is an error, not silently ignored
        json.MaxDepth = 32;
    }

    public static void UseCrm(this WebApplication app)
    {
        app.UseCrmForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RefuseOversizedBodies);
        app.UseCrmOpenApi();
        app.UseCrmJobsDashboard();
        app.UseSingleCredential();
        app.UseAuthentication();
        app.UseMiddleware<TenantMiddleware>();
        app.UseBillingEntitlements();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

        if (!app.Configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.Api), true))
        {
            return; // a worker only: health endpoints, the dashboard and the Hangfire server, no API
        }

        var v1 = app.MapGroup("/v1");
        v1.MapAudit();
        v1.MapBilling();
        v1.MapSignup();
        v1.MapAuth();
        v1.MapUsers();
        v1.MapCustomers();
        v1.MapApiKeys();
        v1.MapPurchases();
        v1.MapLifecycle();
        v1.MapContacts();
        v1.MapInteractions();
        v1.MapTimeline();
        v1.MapLoyalty();
        v1.MapComplaints();
        v1.MapMails();
        v1.MapCampaigns();
    }

    /// <summary>Declared sizes are checked before anything reads the body (Kestrel's limit covers streamed bodies).</summary>
    private static Task RefuseOversizedBodies(HttpContext context, RequestDelegate next) =>
        context.Request.ContentLength > MaxRequestBodyBytes
            ? ApiProblems.Problem(413, ProblemTypes.PayloadTooLarge, "Payload too large",
                $"The request body may be at most {MaxRequestBodyBytes} bytes.").ExecuteAsync(context)
            : next(context);
}
