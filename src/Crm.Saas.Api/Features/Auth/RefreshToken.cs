using Crm.Saas.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Auth;

internal static class RefreshAccessToken
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        RefreshRequest request, RefreshTokens refreshTokens, CancellationToken cancellationToken) =>
        await refreshTokens.RotateAsync(request.RefreshToken, cancellationToken) is { } pair
            ? TypedResults.Ok(TokenResponse.From(pair))
            : SignInProblems.InvalidRefreshToken();
}

internal static class Logout
{
    public static async Task<NoContent> Handle(RefreshRequest request, RefreshTokens refreshTokens, CancellationToken cancellationToken)
    {
        await refreshTokens.RevokeAsync(request.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }
}
