using Microsoft.Extensions.Options;
using Stripe;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// The calls this product makes to Stripe, through the official Stripe.net client. Stripe.net retries a failed call
/// (network error, 409, 5xx) up to <see cref="StripeOptions.MaxNetworkRetries"/> times with the same idempotency key;
/// what still fails surfaces as <see cref="StripeUnavailableException"/>, which the endpoints answer with 502.
/// </summary>
public sealed class StripeGateway : IDisposable
{
    private readonly HttpClient _http;
    private readonly StripeClient? _client;
    private readonly ILogger<StripeGateway> _logger;

    public StripeGateway(IOptions<StripeOptions> options, ILogger<StripeGateway> logger)
    {
        _logger = logger;
        var stripe = options.Value;
        _http = new HttpClient { Timeout = stripe.Timeout };
        if (stripe.CanCallApi)
        {
            var retrying = new SystemNetHttpClient(_http, stripe.MaxNetworkRetries, appInfo: null, enableTelemetry: false);
            _client = new StripeClient(stripe.SecretKey, clientId: null, httpClient: retrying,
                apiBase: string.IsNullOrWhiteSpace(stripe.ApiBase) ? null : stripe.ApiBase.TrimEnd('/'), connectBase: null, filesBase: null, meterEventsBase: null);
        }
    }

    public bool IsConfigured => _client is not null;

    /// <summary>
    /// The tenant's Stripe customer. The idempotency key is derived from the tenant, so two racing first checkouts,
    /// or a retry after a lost answer, get the same customer instead of two.
    /// </summary>
    public Task<Customer> CreateCustomerAsync(Guid tenantId, string name, CancellationToken cancellationToken) =>
        CallAsync("create customer", () => new CustomerService(Client).CreateAsync(
            new CustomerCreateOptions { Name = name, Metadata = new Dictionary<string, string> { ["tenant_id"] = tenantId.ToString() } },
            new RequestOptions { IdempotencyKey = CustomerIdempotencyKey(tenantId) }, cancellationToken));

    public static string CustomerIdempotencyKey(Guid tenantId) => $"crm-tenant-customer-{tenantId:N}";

    public Task<Price?> PriceByLookupKeyAsync(string lookupKey, CancellationToken cancellationToken) =>
        CallAsync("find price", async () => (await new PriceService(Client).ListAsync(
            new PriceListOptions { LookupKeys = [lookupKey], Active = true, Limit = 1 }, null, cancellationToken)).Data.FirstOrDefault());

    public Task<Stripe.Checkout.Session> CreateCheckoutAsync(Guid tenantId, string customerId, string priceId, string plan, BillingOptions billing, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { ["tenant_id"] = tenantId.ToString(), ["plan"] = plan };
        return CallAsync("create checkout session", () => new Stripe.Checkout.SessionService(Client).CreateAsync(new Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = tenantId.ToString(),
            Metadata = metadata,
            SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
            LineItems = [new Stripe.Checkout.SessionLineItemOptions { Price = priceId, Quantity = 1 }],
            SuccessUrl = billing.CheckoutSuccessUrl,
            CancelUrl = billing.CheckoutCancelUrl,
        }, null, cancellationToken));
    }

    public Task<Stripe.BillingPortal.Session> CreatePortalAsync(string customerId, string returnUrl, CancellationToken cancellationToken) =>
        CallAsync("create portal session", () => new Stripe.BillingPortal.SessionService(Client).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl }, null, cancellationToken));

    public Task<Subscription> SubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        CallAsync("retrieve subscription", () => new SubscriptionService(Client).GetAsync(subscriptionId, null, null, cancellationToken));

    public void Dispose() => _http.Dispose();

    private StripeClient Client => _client ?? throw new InvalidOperationException("Stripe is not configured.");

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException e)
        {
            // Message and status only: never the request, which carries the key in its headers.
            _logger.LogWarning("Stripe call '{Call}' failed with {Status} ({Code}): {Message}", what, (int)e.HttpStatusCode, e.StripeError?.Code, e.StripeError?.Message);
            throw new StripeUnavailableException(what, e);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Stripe call '{Call}' could not reach Stripe: {Message}", what, e.Message);
            throw new StripeUnavailableException(what, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            _logger.LogWarning("Stripe call '{Call}' timed out", what);
            throw new StripeUnavailableException(what, e);
        }
    }
}

/// <summary>Stripe failed (after Stripe.net's retries) or refused the call.</summary>
public sealed class StripeUnavailableException(string call, Exception inner) : Exception($"Stripe call '{call}' failed.", inner);
