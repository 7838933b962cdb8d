using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddCrmAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<AccessTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((jwt, tokens) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = tokens.ValidationParameters();
                jwt.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await Problems.Problems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated",
                            "Send a valid access token as 'Authorization: Bearer <token>'.").ExecuteAsync(context.HttpContext);
                    },
                    OnForbidden = context => Problems.Problems.Problem(403, ProblemTypes.Forbidden, "Forbidden",
                        "Your role does not allow this.").ExecuteAsync(context.HttpContext),
                };
            });

        // Every endpoint needs a credential unless it says otherwise (sign-up, token, health).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddCrmPolicies();
        return services;
    }
}
