using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Crm.Saas.Api.Infrastructure;

/// <summary>Bound from <c>ForwardedHeaders</c>: the proxies (load balancers) whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed.</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>At most this many forwarded entries are read; unset, as many as trusted proxies added.</summary>
    public int? ForwardLimit { get; set; }

    internal bool TrustsAny => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    internal bool IsValid =>
        KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => IPNetwork.TryParse(n, out _))
        && ForwardLimit is null or > 0;
}

/// <summary>
/// The client address every limit and record uses. Behind a configured proxy it is the right-most address in
/// <c>X-Forwarded-For</c> that no trusted proxy added; otherwise the connection's, and forwarded headers are ignored,
/// so a client cannot pick its own address to dodge a limit.
/// </summary>
internal static class ClientAddresses
{
    public static IServiceCollection AddCrmForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section))
            .Validate(o => o.IsValid, "ForwardedHeaders: KnownProxies must be IP addresses, KnownNetworks CIDR networks, ForwardLimit positive.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }

            // Walk the chain right to left while the hop that added an entry is trusted: the right-most untrusted address.
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it (limits, sign-in throttle, audit, links) sees the real client.</summary>
    public static void UseCrmForwardedHeaders(this IApplicationBuilder app)
    {
        // With empty trust lists the middleware believes every sender, so without configured proxies it is left out.
        if (app.ApplicationServices.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.TrustsAny)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>The resolved client address; an IPv4 client on a dual-stack socket is the same client as over IPv4.</summary>
    public static string? ClientAddress(this HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : null;
}
