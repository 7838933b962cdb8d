using System.Net;
using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>The life of a subscription as Stripe reports it: checkout, failed payment and grace, cancellation, odd deliveries.</summary>
public abstract class BillingScenarioTests(BillingWorld world)
{
    private const string Hook = "/v1/billing/stripe/webhook";

    [Fact]
    public async Task Checkout_completes_to_active_on_the_paid_plan_with_its_limits()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var before = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("free", (string)before["plan"]!);
        Assert.Equal("none", (string)before["status"]!);
        Assert.Equal(3, (int)before["limits"]!["customers"]!["limit"]!);
        Assert.Equal(0, (long)before["limits"]!["customers"]!["usage"]!);
        Assert.Equal(1, (long)before["limits"]!["users"]!["usage"]!);

        var checkout = await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }));
        Assert.StartsWith("https://checkout.stripe.test/", (string)checkout["url"]!, StringComparison.Ordinal);
        var session = world.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal("subscription", session.Form["mode"]);
        Assert.Equal(tenant.TenantId.ToString(), session.Form["client_reference_id"]);
        Assert.Equal(tenant.TenantId.ToString(), session.Form["metadata[tenant_id]"]);
        Assert.Equal("price_starter", session.Form["line_items[0][price]"]);
        Assert.Equal($"Bearer {FakeStripe.SecretKey}", session.Authorization);

        // A second checkout reuses the tenant's customer: one customer per tenant, made with a key derived from it.
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.PostAsync("/v1/billing/checkout", new { plan = "pro" }));
        var creations = world.Stripe.Requests.Where(r => r.Path == "/v1/customers" && r.Form.GetValueOrDefault("metadata[tenant_id]") == tenant.TenantId.ToString()).ToList();
        Assert.Single(creations);
        Assert.Equal(StripeGateway.CustomerIdempotencyKey(tenant.TenantId), creations[0].IdempotencyKey);

        // Nothing changes until Stripe says the checkout completed.
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
        await world.SubscribeAsync(tenant);
        var after = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("starter", (string)after["plan"]!);
        Assert.Equal("active", (string)after["status"]!);
        Assert.False((bool)after["cancelAtPeriodEnd"]!);
        Assert.NotNull(after["currentPeriodEnd"]);
        Assert.Equal(5, (int)after["limits"]!["customers"]!["limit"]!);
        Assert.Contains("partnerApiKeys", after["features"]!.AsArray().Select(f => (string)f!));
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await tenant.Client.PostAsync("/v1/billing/checkout", new { plan = "pro" }), "already-subscribed");

        for (var i = 0; i < 5; i++)
        {
            await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person($"Paid {i}")));
        }

        var refused = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person("Sixth")), "plan-limit-reached");
        Assert.Equal(5, (int)refused["limit"]!);
        Assert.Equal(5, (long)refused["usage"]!);
    }

    [Fact]
    public async Task Payment_fails_then_grace_then_read_only_then_payment_recovers()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var subscription = await world.SubscribeAsync(tenant);
        var customer = await world.CustomerOfAsync(tenant);
        var failedAt = world.Clock.UtcNow;

        world.Stripe.SetSubscription(subscription, customer, "past_due", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("invoice.payment_failed", FakeStripe.Invoice(customer, subscription, "open"))));
        var pastDue = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("past_due", (string)pastDue["status"]!);
        Assert.Equal("starter", (string)pastDue["plan"]!);
        Assert.False((bool)pastDue["readOnly"]!);
        Assert.NotNull(pastDue["warning"]);
        var deadline = DateTime.Parse((string)pastDue["graceDeadline"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(deadline, failedAt.AddDays(7).AddSeconds(-5), failedAt.AddDays(7).AddMinutes(1));

        // Within the grace period: full service. A second failure does not push the deadline out.
        var kept = await Expect.JsonAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person("During grace")));
        world.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("invoice.payment_failed", FakeStripe.Invoice(customer, subscription, "open"))));
        Assert.Equal((string)pastDue["graceDeadline"]!, (string)(await BillingWorld.BillingOfAsync(tenant))["graceDeadline"]!);

        // After it: read-only. Reads work, writes are 402, billing itself stays usable so the tenant can pay.
        world.Clock.Advance(TimeSpan.FromDays(4).Add(TimeSpan.FromMinutes(1)));
        await Expect.ProblemAsync(HttpStatusCode.PaymentRequired, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person("Refused")), "payment-required");
        await Expect.ProblemAsync(HttpStatusCode.PaymentRequired,
            await tenant.Client.PatchAsync($"/v1/customers/{kept["id"]}", new { name = "Renamed" }, "\"1\""), "payment-required");
        await Expect.ProblemAsync(HttpStatusCode.PaymentRequired,
            await tenant.Client.PostAsync("/v1/users/invitations", new { email = "late@team.example.com", role = "agent" }), "payment-required");
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync($"/v1/customers/{kept["id"]}"));
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));
        var readOnly = await BillingWorld.BillingOfAsync(tenant);
        Assert.True((bool)readOnly["readOnly"]!);
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.PostAsync("/v1/billing/portal", new { }));

        // The customer pays in the portal: Stripe reports the invoice paid and the subscription active again.
        world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("invoice.paid", FakeStripe.Invoice(customer, subscription, "paid"))));
        var recovered = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("active", (string)recovered["status"]!);
        Assert.False((bool)recovered["readOnly"]!);
        Assert.Null(recovered["graceDeadline"]);
        Assert.Null(recovered["warning"]);
        await Expect.StatusAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person("After payment")));
    }

    [Fact]
    public async Task Cancellation_falls_back_to_free_limits_and_keeps_every_record()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var subscription = await world.SubscribeAsync(tenant);
        var customer = await world.CustomerOfAsync(tenant);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((string)(await Expect.JsonAsync(HttpStatusCode.Created, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person($"Kept {i}"))))["id"]!);
        }

        // Cancel at period end first: still starter, with a warning.
        world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30), cancelAtPeriodEnd: true);
        await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.updated", world.Stripe.Subscription(subscription)));
        var ending = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("starter", (string)ending["plan"]!);
        Assert.True((bool)ending["cancelAtPeriodEnd"]!);

        world.Stripe.SetSubscription(subscription, customer, "canceled", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow());
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.deleted", world.Stripe.Subscription(subscription))));
        var canceled = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("free", (string)canceled["plan"]!);
        Assert.Equal("canceled", (string)canceled["status"]!);
        Assert.Equal(3, (int)canceled["limits"]!["customers"]!["limit"]!);
        Assert.Equal(5, (long)canceled["limits"]!["customers"]!["usage"]!);

        // Nothing deleted, everything readable and still editable; only growth beyond the free plan is refused.
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));
        Assert.Equal(ids.Order(), list["data"]!.AsArray().Select(c => (string)c!["id"]!).Order());
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.PatchAsync($"/v1/customers/{ids[0]}", new { name = "Still editable" }, "\"1\""));
        var refused = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await tenant.Client.PostAsync("/v1/customers", BillingWorld.Person("Over free")), "plan-limit-reached");
        Assert.Equal("customers", (string)refused["limitName"]!);
        Assert.Equal(3, (int)refused["limit"]!);
        Assert.Equal(5, (long)refused["usage"]!);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_takes_effect_once()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var subscription = await world.SubscribeAsync(tenant);
        var customer = await world.CustomerOfAsync(tenant);
        world.Stripe.SetSubscription(subscription, customer, "past_due", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        var failed = FakeStripe.Event("invoice.payment_failed", FakeStripe.Invoice(customer, subscription, "open"));
        Assert.Equal("applied", await world.DeliverOkAsync(failed));
        var first = await BillingWorld.BillingOfAsync(tenant);

        // Stripe recovers meanwhile; the old event, delivered again, must not be processed again.
        world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        var fetchesBefore = world.Stripe.Requests.Count(r => r.Path == $"/v1/subscriptions/{subscription}");
        Assert.Equal("duplicate", await world.DeliverOkAsync(failed));
        Assert.Equal(fetchesBefore, world.Stripe.Requests.Count(r => r.Path == $"/v1/subscriptions/{subscription}"));
        var second = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("past_due", (string)second["status"]!);
        Assert.Equal((string)first["graceDeadline"]!, (string)second["graceDeadline"]!);

        var eventId = System.Text.Json.Nodes.JsonNode.Parse(failed)!["id"]!.ToString();
        var stored = await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().CountAsync(e => e.Id == eventId));
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Records_of_processed_events_are_kept_for_the_retention_period_only()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var subscription = await world.SubscribeAsync(tenant);
        var customer = await world.CustomerOfAsync(tenant);
        var now = world.Clock.GetUtcNow().UtcDateTime;
        var (expired, kept) = ("evt_" + Guid.NewGuid().ToString("N"), "evt_" + Guid.NewGuid().ToString("N"));
        await world.App.WithCatalogAsync(c =>
        {
            c.Set<StripeEventRecord>().AddRange(
                new StripeEventRecord { Id = expired, Type = "invoice.paid", Outcome = "applied", ReceivedAt = now - StripeEventRecord.Retention - TimeSpan.FromDays(1) },
                new StripeEventRecord { Id = kept, Type = "invoice.paid", Outcome = "applied", ReceivedAt = now - StripeEventRecord.Retention + TimeSpan.FromDays(1) });
            return c.SaveChangesAsync();
        });

        world.Stripe.SetSubscription(subscription, customer, "past_due", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("invoice.payment_failed", FakeStripe.Invoice(customer, subscription, "open"))));

        var left = await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().Where(e => e.Id == expired || e.Id == kept).Select(e => e.Id).ToListAsync());
        Assert.Equal([kept], left);
    }

    [Fact]
    public async Task Updated_delivered_before_created_ends_in_the_current_state()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var customer = await world.CustomerOfAsync(tenant);
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..14];

        // Created as incomplete, then paid and moved to pro: Stripe's current state is the later one.
        var created = world.Stripe.SetSubscription(subscription, customer, "incomplete", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        var updated = world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("pro"), world.Clock.GetUtcNow().AddDays(30), cancelAtPeriodEnd: true);

        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.updated", updated)));
        Assert.Equal("applied", await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.created", created)));
        var billing = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("pro", (string)billing["plan"]!);
        Assert.Equal("active", (string)billing["status"]!);
        Assert.True((bool)billing["cancelAtPeriodEnd"]!);
        Assert.Equal(50_000, (int)billing["limits"]!["customers"]!["limit"]!);
    }

    [Fact]
    public async Task Bad_signatures_and_stale_timestamps_are_refused_and_change_nothing()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var customer = await world.CustomerOfAsync(tenant);
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..14];
        world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("pro"), world.Clock.GetUtcNow().AddDays(30));
        var payload = FakeStripe.Event("checkout.session.completed", FakeStripe.CheckoutCompleted(customer, subscription, tenant.TenantId.ToString()));
        var now = world.Clock.GetUtcNow();

        var refusals = new[]
        {
            FakeStripe.Signature(payload, now, "whsec_someone_else"),                                   // wrong secret
            FakeStripe.Signature(payload, now.AddSeconds(-301)),                                        // stale
            FakeStripe.Signature(payload, now.AddSeconds(301)),                                         // from the future
            FakeStripe.Signature(payload.Replace("\"mode\"", "\"Mode\"", StringComparison.Ordinal), now), // signed another body
            "t=1,v1=abc",
            "",
        };
        foreach (var signature in refusals)
        {
            await Expect.ProblemAsync(HttpStatusCode.BadRequest, await world.DeliverAsync(payload, signature), "invalid-webhook-signature");
        }

        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await world.DeliverAsync("not json", FakeStripe.Signature("not json", now)));
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);

        // None of them recorded the event: the genuine delivery still applies.
        Assert.Equal("applied", await world.DeliverOkAsync(payload));
        Assert.Equal("pro", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }

    [Fact]
    public async Task Unknown_event_types_are_acknowledged_and_ignored()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var customer = await world.CustomerOfAsync(tenant);
        var outcome = await world.DeliverOkAsync(FakeStripe.Event("customer.updated",
            new System.Text.Json.Nodes.JsonObject { ["id"] = customer, ["object"] = "customer", ["name"] = "Renamed" }));
        Assert.StartsWith("ignored", outcome, StringComparison.Ordinal);
        outcome = await world.DeliverOkAsync(FakeStripe.Event("payment_intent.succeeded",
            new System.Text.Json.Nodes.JsonObject { ["id"] = "pi_1", ["object"] = "payment_intent", ["customer"] = customer, ["amount"] = 100 }));
        Assert.StartsWith("ignored", outcome, StringComparison.Ordinal);
        var billing = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal("free", (string)billing["plan"]!);
        Assert.Equal("none", (string)billing["status"]!);
    }

    [Fact]
    public async Task Stripe_5xx_is_retried_with_the_same_idempotency_key_then_answered_with_a_problem()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var key = StripeGateway.CustomerIdempotencyKey(tenant.TenantId);

        // Two failures, then success: Stripe.net retried with the same key, and the checkout went through.
        world.Stripe.FailNext(2, 500);
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }));
        var attempts = world.Stripe.Requests.Where(r => r.Path == "/v1/customers" && r.IdempotencyKey == key).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(world.Stripe.Customers, c => (string?)c["metadata"]?["tenant_id"] == tenant.TenantId.ToString());

        // Failing for good: a problem, and nothing half-written.
        var other = await world.App.Anonymous().SignUpAsync();
        var otherKey = StripeGateway.CustomerIdempotencyKey(other.TenantId);
        world.Stripe.FailNext(3, 503);
        await Expect.ProblemAsync(HttpStatusCode.BadGateway, await other.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }), "payment-provider-unavailable");
        Assert.Equal(3, world.Stripe.Requests.Count(r => r.Path == "/v1/customers" && r.IdempotencyKey == otherKey));
        Assert.Null(await world.App.WithCatalogAsync(c => c.Set<BillingAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.TenantId == other.TenantId)));

        // A webhook that cannot re-fetch its subscription is refused (Stripe delivers it again) and not recorded.
        var customer = await world.CustomerOfAsync(tenant);
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..14];
        world.Stripe.SetSubscription(subscription, customer, "active", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow().AddDays(30));
        var completed = FakeStripe.Event("checkout.session.completed", FakeStripe.CheckoutCompleted(customer, subscription, tenant.TenantId.ToString()));
        world.Stripe.FailNext(3, 500);
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, await world.DeliverAsync(completed), "payment-provider-unavailable");
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
        Assert.Equal("applied", await world.DeliverOkAsync(completed));
        Assert.Equal("starter", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }

    [Fact]
    public async Task An_event_whose_subscription_Stripe_no_longer_has_is_acknowledged_recorded_and_a_redelivery_changes_nothing()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        await world.SubscribeAsync(tenant);
        var customer = await world.CustomerOfAsync(tenant);
        var before = await BillingWorld.BillingOfAsync(tenant);

        // Stripe answers 404 resource_missing for it (deleted, or never this account's): no redelivery can change that.
        var gone = "sub_" + Guid.NewGuid().ToString("N")[..14];
        var payload = FakeStripe.Event("invoice.paid", FakeStripe.Invoice(customer, gone, "paid"));
        var eventId = System.Text.Json.Nodes.JsonNode.Parse(payload)!["id"]!.ToString();
        Assert.Equal("ignored: Stripe answered 404 resource_missing", await world.DeliverOkAsync(payload));
        var record = await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().AsNoTracking().SingleAsync(e => e.Id == eventId));
        Assert.Equal("ignored: Stripe answered 404 resource_missing", record.Outcome);
        Assert.Equal(tenant.TenantId, record.TenantId);
        Assert.Contains(world.Logs, l => l.StartsWith("[Warning]", StringComparison.Ordinal) && l.Contains(eventId, StringComparison.Ordinal)
            && l.Contains("invoice.paid", StringComparison.Ordinal) && l.Contains("resource_missing", StringComparison.Ordinal));
        Assert.Single(world.Stripe.Requests, r => r.Path == $"/v1/subscriptions/{gone}"); // a refusal is not retried either

        Assert.Equal("duplicate", await world.DeliverOkAsync(payload));
        Assert.Single(world.Stripe.Requests, r => r.Path == $"/v1/subscriptions/{gone}");
        var after = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Theory]
    [InlineData(400, "parameter_invalid_string", "ignored: Stripe answered 400 parameter_invalid_string")]
    [InlineData(400, null, "ignored: Stripe answered 400")]
    [InlineData(402, null, "ignored: Stripe answered 402")]
    public async Task Other_refusals_from_Stripe_are_acknowledged_and_recorded(int status, string? code, string expected)
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var (_, payload, eventId) = await world.CheckoutCompletedAsync(tenant);

        world.Stripe.FailNext(1, status, code);
        Assert.Equal(expected, await world.DeliverOkAsync(payload));
        Assert.Equal(expected, await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().Where(e => e.Id == eventId).Select(e => e.Outcome).SingleAsync()));
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(408)]
    [InlineData(401)] // a wrong or revoked key: fixed by an operator, after which Stripe's redelivery applies
    public async Task A_passing_Stripe_failure_is_a_503_with_Retry_After_nothing_recorded_and_a_later_delivery_applies(int status)
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var (_, payload, eventId) = await world.CheckoutCompletedAsync(tenant);

        world.Stripe.FailNext(3, status); // as many as the webhook's attempts
        using var refused = await world.DeliverAsync(payload);
        world.Stripe.ClearFailures();
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, refused, "payment-provider-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(ReceiveStripeWebhook.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(0, await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().CountAsync(e => e.Id == eventId)));
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);

        // Stripe has recovered when it delivers the event again.
        Assert.Equal("applied", await world.DeliverOkAsync(payload));
        Assert.Equal("starter", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }

    [Fact]
    public async Task A_hung_Stripe_is_a_503_within_the_webhook_time_and_the_event_applies_once_Stripe_answers()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var (subscription, payload, eventId) = await world.CheckoutCompletedAsync(tenant);

        world.Stripe.HangNext(3);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var refused = await world.DeliverAsync(payload);
        watch.Stop();
        world.Stripe.ClearFailures();
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, refused, "payment-provider-unavailable");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, BillingWorld.WebhookTimeout + TimeSpan.FromSeconds(3));
        Assert.NotNull(refused.Headers.RetryAfter);

        // A hung first attempt timed out early enough to leave time for a retry, and no more tries than fit were made.
        Assert.InRange(world.Stripe.Requests.Count(r => r.Path == $"/v1/subscriptions/{subscription}"), 2, 3);
        Assert.Equal(0, await world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().CountAsync(e => e.Id == eventId)));

        Assert.Equal("applied", await world.DeliverOkAsync(payload));
        Assert.Equal("starter", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }

    [Fact]
    public async Task Stripe_keys_and_webhook_secrets_appear_in_no_log_line()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        world.Stripe.FailNext(1, 500);
        await world.SubscribeAsync(tenant);
        await world.DeliverAsync("{}", FakeStripe.Signature("{}", world.Clock.GetUtcNow(), "whsec_wrong"));

        // The capture saw billing at work (so its silence about the secrets means something).
        var lines = world.Logs.ToList();
        Assert.Contains(lines, l => l.Contains("Stripe event", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("billing_accounts", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(FakeStripe.SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(FakeStripe.WebhookSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsigned_calls_to_the_webhook_are_refused_without_a_signature_header()
    {
        using var response = await world.App.Anonymous().PostRawAsync(Hook, "{}");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, response, "invalid-webhook-signature");
    }
}

public sealed class BillingScenariosOnSqlite(SqliteBillingWorld world) : BillingScenarioTests(world), IClassFixture<SqliteBillingWorld>;

public sealed class BillingScenariosOnPostgres(PostgresBillingWorld world) : BillingScenarioTests(world), IClassFixture<PostgresBillingWorld>
{
    private readonly PostgresBillingWorld _world = world;

    /// <summary>PostgreSQL only: another session's lock on the table is a database that stops answering, on demand.</summary>
    [Fact]
    public async Task A_database_that_does_not_answer_is_a_503_within_the_webhook_time_and_the_event_applies_later()
    {
        var tenant = await _world.App.Anonymous().SignUpAsync();
        var (_, payload, eventId) = await _world.CheckoutCompletedAsync(tenant);

        var watch = new System.Diagnostics.Stopwatch();
        HttpResponseMessage refused;
        await using (var scope = _world.App.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<Crm.Saas.Api.Platform.CatalogDbContext>();
            var table = catalog.Model.FindEntityType(typeof(StripeEventRecord))!;
            await using var transaction = await catalog.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
#pragma warning disable EF1002 // the names come from the model, not from input
            await catalog.Database.ExecuteSqlRawAsync($"LOCK TABLE \"{table.GetSchema()}\".\"{table.GetTableName()}\" IN ACCESS EXCLUSIVE MODE", TestContext.Current.CancellationToken);
#pragma warning restore EF1002
            watch.Start();
            refused = await _world.DeliverAsync(payload);
            watch.Stop();
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        using (refused)
        {
            await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, refused, "temporarily-unavailable");
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, BillingWorld.WebhookTimeout + TimeSpan.FromSeconds(3));
        Assert.Equal(0, await _world.App.WithCatalogAsync(c => c.Set<StripeEventRecord>().CountAsync(e => e.Id == eventId)));
        Assert.Equal("applied", await _world.DeliverOkAsync(payload));
        Assert.Equal("starter", (string)(await BillingWorld.BillingOfAsync(tenant))["plan"]!);
    }
}
