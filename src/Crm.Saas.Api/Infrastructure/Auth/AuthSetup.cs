using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Crm.Saas.Api.Infrastructure.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddCrmAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<ValidatedAccessTokens>();
        services.AddAuthentication(CrmSchemes.Selector)
            .AddPolicyScheme(CrmSchemes.Selector, "Access token or API key", o => o.ForwardDefaultSelector = CrmSchemes.Select)
            .AddJwtBearer(CrmSchemes.Jwt, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CrmSchemes.ApiKey, _ => { });
        services.AddOptions<JwtBearerOptions>(CrmSchemes.Jwt)
            .Configure<AccessTokens, ValidatedAccessTokens>((jwt, tokens, validated) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = tokens.ValidationParameters();
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        // The token is the request's one credential (so a repeated identical header still reads as one).
                        var presented = CrmSchemes.Presented(context.Request.Headers);
                        if (presented.IsAmbiguous)
                        {
                            context.Fail("Two different credentials.");
                            return Task.CompletedTask;
                        }

                        context.Token = presented.Value;
                        if (presented.Value is { } token && validated.TryGet(token, out var principal))
                        {
                            context.Principal = principal;
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (CrmSchemes.Presented(context.Request.Headers).Value is { } token && context.Principal is { } principal)
                        {
                            context.Principal = validated.Add(token, principal, context.SecurityToken.ValidTo);
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var (challenge, detail) = AuthProblems.BearerChallenge(context.AuthenticateFailure);
                        context.Response.Headers.WWWAuthenticate = challenge;
                        await AuthProblems.Unauthenticated(detail).ExecuteAsync(context.HttpContext);
                    },
                    OnForbidden = context => AuthProblems.Forbidden("Your role does not allow this.").ExecuteAsync(context.HttpContext),
                };
            });

        // Every endpoint needs a user's credential unless it says otherwise: sign-up, token and health are anonymous,
        // and an endpoint opens itself to API keys only by naming a scope (RequireScope). A new endpoint that forgets
        // to say anything is therefore closed to keys, not open to every key.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(CrmClaims.Role).Build())
            .AddCrmPolicies();
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, InsufficientScopeResultHandler>();
        return services;
    }
}
