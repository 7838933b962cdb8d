using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>
/// The API on a moved clock, wired to a <see cref="FakeStripe"/>, with small plans so that limits are reached in a
/// few requests: free 3 customers / 2 seats / no partner keys; starter 5 customers / 3 seats / 1 key; pro as shipped.
/// </summary>
public abstract class BillingWorld : IAsyncLifetime
{
    public FakeStripe Stripe { get; } = new();

    public TestClock Clock { get; } = new();

    public CrmApp App { get; private set; } = null!;

    /// <summary>Every log line the API wrote, at Debug and above.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Short, so that the test of a hung Stripe is short; still room for the retries of the 5xx tests.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(4);

    public static readonly Dictionary<string, string?> SmallPlans = new()
    {
        ["Billing:Plans:free:Limits:Customers"] = "3",
        ["Billing:Plans:free:Limits:Users"] = "2",
        ["Billing:Plans:free:Limits:ApiKeys"] = "0",
        ["Billing:Plans:free:Limits:MailsPerMonth"] = "200",
        ["Billing:Plans:free:Limits:RequestsPerMinute"] = "1000",
        ["Billing:Plans:free:Features:partnerApiKeys"] = "false",
        ["Billing:Plans:free:Features:winBack"] = "false",
        ["Billing:Plans:free:Features:complaintSla"] = "false",
        ["Billing:Plans:free:Features:surveys"] = "false",
        ["Billing:Plans:starter:Limits:Customers"] = "5",
        ["Billing:Plans:starter:Limits:Users"] = "3",
        ["Billing:Plans:starter:Limits:ApiKeys"] = "1",
        ["Billing:Plans:starter:Limits:RequestsPerMinute"] = "2000",
    };

    public async ValueTask InitializeAsync()
    {
        await Stripe.StartAsync();
        var settings = new Dictionary<string, string?>(SmallPlans)
        {
            ["Stripe:SecretKey"] = FakeStripe.SecretKey,
            ["Stripe:WebhookSecret"] = FakeStripe.WebhookSecret,
            ["Stripe:ApiBase"] = Stripe.BaseUrl,
            ["Stripe:MaxNetworkRetries"] = "2",
            ["Stripe:WebhookTimeout"] = WebhookTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Auth:AccessTokenLifetime"] = "60.00:00:00", // the clock moves by days; sessions outlive it
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
        };
        App = Template().Sibling(services => services.AddSingleton<ILoggerProvider>(new CapturingLogs(Logs)), settings, Clock);
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>An unstarted app of the provider, only used to make the configured one.</summary>
    protected abstract CrmApp Template();

    /// <summary>Posts a Stripe-signed event to the API's webhook, signed at the app's clock unless told otherwise.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? FakeStripe.Signature(payload, Clock.GetUtcNow()));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Stripe", "1.0"));
        return await App.Anonymous().Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<string> DeliverOkAsync(string payload)
    {
        var receipt = await Expect.JsonAsync(HttpStatusCode.OK, await DeliverAsync(payload));
        return (string)receipt["outcome"]!;
    }

    /// <summary>The Stripe customer the API created for <paramref name="tenant"/>, starting a checkout if there is none yet.</summary>
    public async Task<string> CustomerOfAsync(TenantSession tenant)
    {
        if (FindCustomer(tenant) is { } existing)
        {
            return existing;
        }

        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }));
        return FindCustomer(tenant)!;
    }

    /// <summary>Checkout completed on <paramref name="plan"/>: Stripe's subscription is active and its webhook delivered.</summary>
    public async Task<string> SubscribeAsync(TenantSession tenant, string plan = "starter")
    {
        var checkout = await CheckoutCompletedAsync(tenant, plan);
        Assert.Equal("applied", await DeliverOkAsync(checkout.Payload));
        return checkout.Subscription;
    }

    /// <summary>Checkout completed on <paramref name="plan"/> at Stripe: the subscription is active, its signed event not yet delivered.</summary>
    public async Task<CheckoutEvent> CheckoutCompletedAsync(TenantSession tenant, string plan = "starter")
    {
        var customer = await CustomerOfAsync(tenant);
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..14];
        Stripe.SetSubscription(subscription, customer, "active", LookupKey(plan), Clock.GetUtcNow().AddDays(30));
        var payload = FakeStripe.Event("checkout.session.completed", FakeStripe.CheckoutCompleted(customer, subscription, tenant.TenantId.ToString()));
        return new CheckoutEvent(subscription, payload, JsonNode.Parse(payload)!["id"]!.ToString());
    }

    public sealed record CheckoutEvent(string Subscription, string Payload, string EventId);

    /// <summary>A valid new customer with an email of its own.</summary>
    public static object Person(string name) => Customers.CustomersApiTests.NewCustomer(name, $"{Guid.NewGuid():N}@people.example.com");

    public static string LookupKey(string plan) => $"crm_{plan}_monthly";

    public static async Task<JsonObject> BillingOfAsync(TenantSession tenant) =>
        await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/billing"));

    private string? FindCustomer(TenantSession tenant) =>
        Stripe.Customers.Where(c => (string?)c["metadata"]?["tenant_id"] == tenant.TenantId.ToString()).Select(c => (string)c["id"]!).FirstOrDefault();
}

internal sealed class CapturingLogs(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"[{logLevel}] {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class SqliteBillingWorld : BillingWorld
{
    protected override CrmApp Template() => new SqliteApp();
}

public sealed class PostgresBillingWorld(PostgresServer server) : BillingWorld
{
    protected override CrmApp Template() => new PostgresApp(server);
}
