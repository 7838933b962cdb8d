using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>
/// A Stripe-compatible test server on 127.0.0.1: the calls the API makes (customers, prices by lookup key, Checkout
/// Sessions, billing portal sessions, subscription retrieval) with state the tests drive, errors and hangs on demand,
/// and a record of every request. It also sends webhooks the way Stripe does: <c>Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")</c>.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_only_for_tests";
    public const string WebhookSecret = "whsec_test_fake_only_for_tests";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _customers = new();
    private readonly ConcurrentDictionary<string, JsonObject> _subscriptions = new();
    private readonly ConcurrentDictionary<string, string> _idempotentReplies = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly Dictionary<string, string> _prices = new() { ["crm_starter_monthly"] = "price_starter", ["crm_pro_monthly"] = "price_pro" };
    private int _sequence;

    public FakeStripe()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(RecordAndFail);
        _app.MapPost("/v1/customers", CreateCustomerAsync);
        _app.MapGet("/v1/prices", ListPrices);
        _app.MapPost("/v1/checkout/sessions", CreateCheckoutAsync);
        _app.MapPost("/v1/billing_portal/sessions", CreatePortalAsync);
        _app.MapGet("/v1/subscriptions/{id}", GetSubscription);
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, in order (method, path, Idempotency-Key, form fields).</summary>
    public ConcurrentQueue<StripeRequest> Requests { get; } = new();

    public IReadOnlyCollection<JsonObject> Customers => _customers.Values.ToList();

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>
    /// The longest a hung request is held, should the API never give up on it: the test then fails on its own
    /// assertions instead of waiting forever.
    /// </summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The next <paramref name="count"/> requests answer <paramref name="status"/> with a Stripe error: an api_error
    /// for 5xx, otherwise an invalid_request_error with <paramref name="code"/>.
    /// </summary>
    public void FailNext(int count, int status = 500, string? code = null)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(new Failure(status, code, Hang: false));
        }
    }

    /// <summary>The next <paramref name="count"/> requests get no answer until the caller gives up (or <see cref="HangLimit"/>).</summary>
    public void HangNext(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(new Failure(0, null, Hang: true));
        }
    }

    public void ClearFailures() => _failures.Clear();

    /// <summary>Puts a subscription into the state Stripe would now report for it.</summary>
    public JsonObject SetSubscription(string id, string customerId, string status, string lookupKey, DateTimeOffset periodEnd, bool cancelAtPeriodEnd = false)
    {
        var subscription = new JsonObject
        {
            ["id"] = id,
            ["object"] = "subscription",
            ["customer"] = customerId,
            ["status"] = status,
            ["cancel_at_period_end"] = cancelAtPeriodEnd,
            ["created"] = periodEnd.AddMonths(-1).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["has_more"] = false,
                ["url"] = $"/v1/subscription_items?subscription={id}",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = "si_" + id,
                    ["object"] = "subscription_item",
                    ["current_period_start"] = periodEnd.AddMonths(-1).ToUnixTimeSeconds(),
                    ["current_period_end"] = periodEnd.ToUnixTimeSeconds(),
                    ["quantity"] = 1,
                    ["subscription"] = id,
                    ["price"] = Price(lookupKey),
                }),
            },
        };
        _subscriptions[id] = subscription;
        return subscription.DeepClone().AsObject();
    }

    public JsonObject Subscription(string id) => _subscriptions[id].DeepClone().AsObject();

    /// <summary>Signs <paramref name="payload"/> as Stripe does, at <paramref name="timestamp"/>, with <paramref name="secret"/>.</summary>
    public static string Signature(string payload, DateTimeOffset timestamp, string secret = WebhookSecret)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A Stripe event envelope around <paramref name="dataObject"/>.</summary>
    public static string Event(string type, JsonObject dataObject, string? id = null, DateTimeOffset? created = null) =>
        new JsonObject
        {
            ["id"] = id ?? "evt_" + Guid.NewGuid().ToString("N"),
            ["object"] = "event",
            ["api_version"] = "2025-01-27.acacia",
            ["created"] = (created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();

    public static JsonObject CheckoutCompleted(string customerId, string subscriptionId, string clientReferenceId) => new()
    {
        ["id"] = "cs_test_" + Guid.NewGuid().ToString("N"),
        ["object"] = "checkout.session",
        ["mode"] = "subscription",
        ["status"] = "complete",
        ["customer"] = customerId,
        ["subscription"] = subscriptionId,
        ["client_reference_id"] = clientReferenceId,
        ["metadata"] = new JsonObject { ["tenant_id"] = clientReferenceId },
    };

    public static JsonObject Invoice(string customerId, string subscriptionId, string status) => new()
    {
        ["id"] = "in_" + Guid.NewGuid().ToString("N"),
        ["object"] = "invoice",
        ["customer"] = customerId,
        ["status"] = status,
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["metadata"] = new JsonObject() },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RecordAndFail(HttpContext context, Func<Task> next)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        Requests.Enqueue(new StripeRequest(context.Request.Method, context.Request.Path, key, form,
            context.Request.Headers.Authorization.ToString()));
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.Hang)
            {
                try
                {
                    await Task.Delay(HangLimit, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            }

            var error = new JsonObject { ["type"] = failure.Status >= 500 ? "api_error" : "invalid_request_error", ["message"] = "Injected failure." };
            if (failure.Code is not null)
            {
                error["code"] = failure.Code;
            }

            await Json(context, failure.Status, new JsonObject { ["error"] = error });
            return;
        }

        // Stripe replays the first answer to a repeated idempotency key.
        if (key.Length > 0 && _idempotentReplies.TryGetValue(context.Request.Path + "|" + key, out var replay))
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(replay);
            return;
        }

        await next();
    }

    private async Task CreateCustomerAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var id = "cus_" + Next();
        var customer = new JsonObject
        {
            ["id"] = id,
            ["object"] = "customer",
            ["name"] = form["name"].ToString(),
            ["metadata"] = new JsonObject { ["tenant_id"] = form["metadata[tenant_id]"].ToString() },
        };
        _customers[id] = customer;
        await Reply(context, customer);
    }

    private Task ListPrices(HttpContext context)
    {
        var keys = context.Request.Query.Where(q => q.Key.StartsWith("lookup_keys", StringComparison.Ordinal)).SelectMany(q => q.Value).OfType<string>().ToList();
        var data = new JsonArray([.. keys.Where(_prices.ContainsKey).Select(k => (JsonNode)Price(k))]);
        return Json(context, 200, new JsonObject { ["object"] = "list", ["url"] = "/v1/prices", ["has_more"] = false, ["data"] = data });
    }

    private async Task CreateCheckoutAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var id = "cs_test_" + Next();
        await Reply(context, new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"].ToString(),
            ["customer"] = form["customer"].ToString(),
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
            ["metadata"] = new JsonObject { ["tenant_id"] = form["metadata[tenant_id]"].ToString(), ["plan"] = form["metadata[plan]"].ToString() },
        });
    }

    private async Task CreatePortalAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var id = "bps_" + Next();
        await Reply(context, new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = form["customer"].ToString(),
            ["return_url"] = form["return_url"].ToString(),
            ["url"] = $"https://billing.stripe.test/p/session/{id}",
        });
    }

    private Task GetSubscription(HttpContext context, string id) =>
        _subscriptions.TryGetValue(id, out var subscription)
            ? Json(context, 200, subscription)
            : Json(context, 404, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["type"] = "invalid_request_error", ["code"] = "resource_missing", ["param"] = "id", ["message"] = $"No such subscription: '{id}'",
                },
            });

    private static JsonObject Price(string lookupKey) => new()
    {
        ["id"] = lookupKey switch { "crm_starter_monthly" => "price_starter", "crm_pro_monthly" => "price_pro", _ => "price_" + lookupKey },
        ["object"] = "price",
        ["active"] = true,
        ["currency"] = "eur",
        ["lookup_key"] = lookupKey,
        ["type"] = "recurring",
        ["unit_amount"] = 2900,
    };

    private async Task Reply(HttpContext context, JsonObject body)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 0)
        {
            _idempotentReplies[context.Request.Path + "|" + key] = body.ToJsonString();
        }

        await Json(context, 200, body);
    }

    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private string Next() => Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];

    private sealed record Failure(int Status, string? Code, bool Hang);
}

public sealed record StripeRequest(string Method, string Path, string IdempotencyKey, IReadOnlyDictionary<string, string> Form, string Authorization);
