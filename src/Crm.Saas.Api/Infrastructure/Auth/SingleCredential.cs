namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// Refuses a request that carries two different credentials (400 ambiguous-credentials) before authentication runs,
/// so that neither one is silently preferred: a valid token beside a wrong key must not pass as either.
/// </summary>
internal static class SingleCredential
{
    public static IApplicationBuilder UseSingleCredential(this IApplicationBuilder app) => app.Use(RefuseAmbiguous);

    private static Task RefuseAmbiguous(HttpContext context, RequestDelegate next) =>
        CrmSchemes.Presented(context.Request.Headers).IsAmbiguous
            ? AuthProblems.AmbiguousCredentials().ExecuteAsync(context)
            : next(context);
}
