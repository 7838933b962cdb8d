using Microsoft.AspNetCore.Authorization;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// An endpoint's scope. Users pass (they act by role); an API key passes only if it holds the scope. A key that
/// does not gets a 403 naming the scope (<see cref="InsufficientScopeResultHandler"/>).
/// </summary>
public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

internal sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var user = context.User;
        var isUser = user.HasClaim(c => c.Type == CrmClaims.Role) && !user.HasClaim(c => c.Type == CrmClaims.ApiKeyId);
        if (isUser || user.HasClaim(CrmClaims.Scope, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class ScopeEndpointExtensions
{
    /// <summary>Opens the endpoint to API keys holding <paramref name="scope"/> (and to users); the OpenAPI document shows it.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!Scopes.IsKnown(scope))
        {
            throw new ArgumentException($"'{scope}' is not declared in {nameof(Scopes)}.", nameof(scope));
        }

        return builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
    }

    /// <summary>The scopes an endpoint requires, from its metadata.</summary>
    public static IEnumerable<string> RequiredScopes(this IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<ScopeRequirement>().Select(r => r.Scope).Distinct();
}
