using System.Globalization;
using System.Threading.RateLimiting;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Saas.Api.Infrastructure;

/// <summary>
/// Request limits, each a fixed one-minute window. Anyone-can-call endpoints (sign-up, sign-in) per client address,
/// so they cannot be used to guess passwords or mass-create tenants. The public links in mails (unsubscribe, survey)
/// per client address too, but on their own, more generous limit: a shop's customers behind one carrier NAT click
/// them, and using them up must not lock anyone out of signing in (nor the reverse). Every authenticated <c>/v1</c> request per API
/// key (when a key) and per tenant (always), so one partner cannot starve a tenant's other partners, nor one tenant
/// the others. Over a limit: 429 problem with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    public const string AnonymousPolicy = "anonymous-per-address";

    public const string PublicLinksPolicy = "public-links-per-address";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddCrmRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.AnonymousPerMinute > 0 && o.PublicLinksPerMinute > 0 && o.PerApiKeyPerMinute > 0 && o.PerTenantPerMinute > 0,
                "RateLimits: every limit must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ITenantRateLimits, ConfiguredTenantRateLimits>();

        var configured = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(AnonymousPolicy, new PerAddressPolicy(configured.AnonymousPerMinute,
                "Too many sign-in, sign-up and token requests from this address (the sign-in limit)."));
            options.AddPolicy(PublicLinksPolicy, new PerAddressPolicy(configured.PublicLinksPerMinute,
                "Too many unsubscribe or survey link requests from this address (the public-link limit)."));

            // The key's limiter first: a key over its own limit does not use up its tenant's.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, Partition>(context => Partitioned(context, apiKey: true)),
                PartitionedRateLimiter.Create<HttpContext, Partition>(context => Partitioned(context, apiKey: false)));
            // Only the global limiter's rejections land here; a policy's own rejections go to its OnRejected.
            options.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var who = http.User.Identity?.IsAuthenticated == true
                    ? http.User.KeyId() is null ? "for this tenant" : "for this API key or its tenant"
                    : "from this address";
                return RejectAsync(context, $"Too many requests {who}.");
            };
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, string detail)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Problems.ApiProblems.Problem(429, ProblemTypes.RateLimited, "Too many requests",
            $"{detail} Retry after the number of seconds in Retry-After.").ExecuteAsync(http);
    }

    /// <summary>A limit per resolved client address; its rejection says which limit it was.</summary>
    private sealed class PerAddressPolicy(int perMinute, string detail) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) => RejectAsync(context, detail);

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.ClientAddress() ?? "unknown", _ => PerWindow(perMinute));
    }

    /// <summary>
    /// The partition of an authenticated /v1 request: its key or its tenant. The limit is part of the partition, so
    /// a changed limit (configuration now, a plan change later) takes effect on the next request.
    /// </summary>
    private static RateLimitPartition<Partition> Partitioned(HttpContext context, bool apiKey)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !context.Request.Path.StartsWithSegments("/v1")
            || !Guid.TryParse(user.FindFirst(CrmClaims.TenantId)?.Value, out var tenantId))
        {
            return RateLimitPartition.GetNoLimiter(Partition.None);
        }

        var limits = context.RequestServices.GetRequiredService<ITenantRateLimits>().For(tenantId);
        if (!apiKey)
        {
            return RateLimitPartition.GetFixedWindowLimiter(new Partition(tenantId, limits.PerTenantPerMinute), p => PerWindow(p.PerMinute));
        }

        return user.KeyId() is { } keyId
            ? RateLimitPartition.GetFixedWindowLimiter(new Partition(keyId, limits.PerApiKeyPerMinute), p => PerWindow(p.PerMinute))
            : RateLimitPartition.GetNoLimiter(Partition.None);
    }

    private static FixedWindowRateLimiterOptions PerWindow(int permits) =>
        new() { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>A tenant id or an API key id (each limiter keeps its own partitions), with the limit that applies to it.</summary>
    private readonly record struct Partition(Guid Id, int PerMinute)
    {
        public static readonly Partition None = new(Guid.Empty, 0);
    }
}
