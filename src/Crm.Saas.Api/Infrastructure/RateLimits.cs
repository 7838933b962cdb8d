using System.Globalization;
using System.Threading.RateLimiting;
using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Saas.Api.Infrastructure;

/// <summary>
/// Limits for the endpoints anyone can call (sign-up, sign-in), per client address, so they cannot be used to
/// guess passwords or mass-create tenants. Over the limit: 429 problem with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    public const string AnonymousPolicy = "anonymous-per-address";

    public static IServiceCollection AddCrmRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:AnonymousPerMinute", 30);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(AnonymousPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Problems.Problem(429, ProblemTypes.Base + "rate-limited", "Too many requests",
                    "Too many requests from this address. Retry after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
