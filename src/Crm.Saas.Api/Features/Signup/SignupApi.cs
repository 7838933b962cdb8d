using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Signup;

public static class SignupApi
{
    public static void MapSignup(this IEndpointRouteBuilder v1) =>
        v1.MapPost("/signup", CreateTenant)
            .WithName("Signup").WithTags("Signup").WithSummary("Sign a business up: creates the tenant, its store and its owner.")
            .AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimits.AnonymousPolicy).ProducesProblem(429)
            .Validate<SignupRequest>()
            .ProducesProblem(409);

    public static async Task<Results<Created<SignupResponse>, ProblemHttpResult>> CreateTenant(
        SignupRequest request, TenantProvisioner provisioner, RefreshTokens tokens, CancellationToken cancellationToken)
    {
        ProvisioningResult result;
        try
        {
            result = await provisioner.ProvisionAsync(
                new NewTenant(request.CompanyName, request.Slug, request.OwnerEmail, request.OwnerPassword), cancellationToken);
        }
        catch (ProvisioningFailedException)
        {
            return ApiProblems.Problem(500, ProblemTypes.ProvisioningFailed, "Provisioning failed",
                "The tenant could not be created and nothing was kept. Try again; if it keeps failing, quote the traceId.");
        }

        return result.Outcome switch
        {
            ProvisioningOutcome.SlugTaken => ApiProblems.Problem(409, ProblemTypes.DuplicateSlug, "Slug taken", $"The slug '{request.Slug}' is already in use."),
            ProvisioningOutcome.EmailRegistered => ApiProblems.Problem(409, ProblemTypes.EmailRegistered, "Email registered",
                "This email already has an account. Sign up again with that account's password to add another business to it."),
            _ => await CreatedAsync(result, tokens, cancellationToken),
        };
    }

    private static async Task<Created<SignupResponse>> CreatedAsync(ProvisioningResult result, RefreshTokens tokens, CancellationToken cancellationToken)
    {
        var pair = await tokens.IssueAsync(result.Owner!.Id, result.Tenant!.Id, TenantRole.Owner, cancellationToken);
        return TypedResults.Created((string?)null,
            new SignupResponse(result.Tenant.Id, result.Tenant.Slug, pair.Access.Token, pair.Access.ExpiresIn, pair.RefreshToken));
    }
}
