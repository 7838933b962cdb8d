using Crm.Saas.Client;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class CrmSaasClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CrmSaasClient"/> as a typed client of IHttpClientFactory. The returned builder adds
    /// handlers (retries, logging) as for any typed client.
    /// </summary>
    public static IHttpClientBuilder AddCrmSaasClient(this IServiceCollection services, Action<CrmSaasClientOptions> configure)
    {
        services.AddOptions<CrmSaasClientOptions>().Configure(configure);
        return services.AddHttpClient<CrmSaasClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<CrmSaasClientOptions>>().Value;
            http.BaseAddress = options.BaseAddress ?? throw new InvalidOperationException("CrmSaasClientOptions.BaseAddress is not set.");
        });
    }
}
