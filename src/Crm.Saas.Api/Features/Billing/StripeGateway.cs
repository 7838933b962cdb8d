using Microsoft.Extensions.Options;
using Stripe;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// The calls this product makes to Stripe, through the official Stripe.net client. Stripe.net retries a failed call
/// (network error, 409, 5xx) up to <see cref="StripeOptions.MaxNetworkRetries"/> times with the same idempotency key;
/// what still fails surfaces as <see cref="StripeUnavailableException"/>, which the endpoints answer with 502.
/// The webhook's re-fetch has a client of its own whose attempts and retries fit <see cref="StripeOptions.WebhookTimeout"/>.
/// </summary>
public sealed class StripeGateway : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _webhookHttp;
    private readonly StripeClient? _client;
    private readonly StripeClient? _webhookClient;
    private readonly ILogger<StripeGateway> _logger;

    public StripeGateway(IOptions<StripeOptions> options, ILogger<StripeGateway> logger)
    {
        _logger = logger;
        var stripe = options.Value;
        _http = new HttpClient { Timeout = stripe.Timeout };
        _webhookHttp = new HttpClient { Timeout = stripe.WebhookAttemptTimeout };
        if (stripe.CanCallApi)
        {
            _client = Create(stripe, _http, stripe.MaxNetworkRetries);
            _webhookClient = Create(stripe, _webhookHttp, stripe.WebhookRetries);
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

    /// <summary>
    /// The webhook's re-fetch, on the webhook's client. It gives up the moment <paramref name="cancellationToken"/>
    /// (the delivery's budget) ends, even while Stripe.net sleeps between retries, which it does not interrupt.
    /// </summary>
    public async Task<Subscription> SubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        const string what = "retrieve subscription";
        try
        {
            return await CallAsync(what, () =>
            {
                var call = new SubscriptionService(WebhookClient).GetAsync(subscriptionId, null, null, cancellationToken);
                _ = call.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default); // observed when abandoned
                return call.WaitAsync(cancellationToken);
            });
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Stripe call '{Call}' did not finish within the webhook's time", what);
            throw new StripeUnavailableException(what, e);
        }
    }

    /// <summary>
    /// Stripe answered and refused the request itself (resource_missing, invalid_request, …): repeating it cannot
    /// succeed. 408, 409 and 429 pass with time. 401 and 403 are counted as passing too: a wrong or restricted key is
    /// this installation's fault, which an operator fixes, and the events Stripe redelivers meanwhile then apply.
    /// </summary>
    public static bool IsPermanent(int status) => status is >= 400 and < 500 and not (401 or 403 or 408 or 409 or 429);

    public void Dispose()
    {
        _http.Dispose();
        _webhookHttp.Dispose();
    }

    private StripeClient Client => _client ?? throw new InvalidOperationException("Stripe is not configured.");

    private StripeClient WebhookClient => _webhookClient ?? throw new InvalidOperationException("Stripe is not configured.");

    private static StripeClient Create(StripeOptions stripe, HttpClient http, int retries) =>
        new(stripe.SecretKey, clientId: null, httpClient: new SystemNetHttpClient(http, retries, appInfo: null, enableTelemetry: false),
            apiBase: string.IsNullOrWhiteSpace(stripe.ApiBase) ? null : stripe.ApiBase.TrimEnd('/'), connectBase: null, filesBase: null, meterEventsBase: null);

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
            throw new StripeUnavailableException(what, e, (int)e.HttpStatusCode, e.StripeError?.Code);
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

/// <summary>Stripe failed (after Stripe.net's retries) or refused the call; <see cref="IsPermanent"/> tells the refusals apart.</summary>
public sealed class StripeUnavailableException(string call, Exception inner, int? status = null, string? code = null)
    : Exception($"Stripe call '{call}' failed.", inner)
{
    /// <summary>Stripe's HTTP status, when Stripe answered at all.</summary>
    public int? Status => status;

    /// <summary>Stripe's error code (<c>resource_missing</c>, …), when it gave one.</summary>
    public string? StripeCode => code;

    /// <summary>Stripe answered with a refusal that repeating the call will not change (<see cref="StripeGateway.IsPermanent"/>).</summary>
    public bool IsPermanent => status is { } s && StripeGateway.IsPermanent(s);
}
