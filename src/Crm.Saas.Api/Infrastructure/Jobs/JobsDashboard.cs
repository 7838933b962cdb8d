using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/jobs</c>, for platform operators only: HTTP basic with the configured
/// <c>Operators</c> account, checked before Hangfire sees the request. A tenant's token (or anything else) gets 401;
/// with no operator configured nobody gets in.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/jobs";

    public static void UseCrmJobsDashboard(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch => branch.Use(RequireOperator));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new OperatorChecked()],
            DashboardTitle = "Crm.Saas jobs",
            DisplayStorageConnectionString = false,
            AppPath = null,
        }, app.Services.GetRequiredService<JobStorage>());
    }

    private static async Task RequireOperator(HttpContext context, Func<Task> next)
    {
        var operators = context.RequestServices.GetRequiredService<IOptions<OperatorOptions>>().Value;
        if (IsOperator(context.Request.Headers.Authorization.ToString(), operators))
        {
            await next();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"jobs\", charset=\"UTF-8\"";
    }

    internal static bool IsOperator(string authorization, OperatorOptions operators)
    {
        if (string.IsNullOrEmpty(operators.Username) || string.IsNullOrEmpty(operators.Password)
            || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{operators.Username}:{operators.Password}");
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(decoded)), SHA256.HashData(expected));
    }

    /// <summary>The operator check already ran in front of the dashboard; Hangfire's own default would allow only local requests.</summary>
    private sealed class OperatorChecked : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
