using System.Net;
using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Tests.ApiKeys;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>Who may see and change a tenant's billing, what bad input gets, and that no tenant reaches another's.</summary>
public abstract class BillingAccessTests(BillingWorld world)
{
    [Fact]
    public async Task Billing_is_for_owners_and_admins_only()
    {
        var owner = await world.App.Anonymous().SignUpAsync();
        var agent = await owner.InviteAndAcceptAsync(world.App, "agent");
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await agent.Client.GetAsync("/v1/billing"));
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await agent.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }));
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await agent.Client.PostAsync("/v1/billing/portal", new { }));
        await Expect.StatusAsync(HttpStatusCode.Unauthorized, await world.App.Anonymous().GetAsync("/v1/billing"));

        await world.SubscribeAsync(owner, "pro");
        var partner = ApiKeyKit.Client(world.App, (await ApiKeyKit.IssueAsync(owner.Client, [.. Crm.Saas.Api.Infrastructure.Auth.Scopes.All])).Key);
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await partner.GetAsync("/v1/billing"));
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await partner.PostAsync("/v1/billing/portal", new { }));
        var portal = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.PostAsync("/v1/billing/portal", new { }));
        Assert.StartsWith("https://billing.stripe.test/", (string)portal["url"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_or_unsold_plans_are_validation_problems_and_reach_no_stripe()
    {
        var owner = await world.App.Anonymous().SignUpAsync();
        var before = world.Stripe.Requests.Count;
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/billing/checkout", new { plan = "platinum" }), "plan");
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/billing/checkout", new { plan = "free" }), "plan");
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/billing/checkout", new { plan = "" }), "plan");
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/billing/checkout", new { }), "plan");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await owner.Client.PostAsync("/v1/billing/checkout", new { plan = "starter", coupon = "x" }));
        Assert.Equal(before, world.Stripe.Requests.Count);
    }

    [Fact]
    public async Task A_tenants_billing_is_invisible_to_another_and_its_webhooks_cannot_change_another()
    {
        var a = await world.App.Anonymous().SignUpAsync();
        var b = await world.App.Anonymous().SignUpAsync();
        await world.SubscribeAsync(a);
        await Expect.StatusAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers", BillingWorld.Person("A's")));
        var bBilling = await BillingWorld.BillingOfAsync(b);
        Assert.Equal("free", (string)bBilling["plan"]!);
        Assert.Equal("none", (string)bBilling["status"]!);
        Assert.Equal(0, (long)bBilling["limits"]!["customers"]!["usage"]!);
        Assert.DoesNotContain(a.TenantId.ToString(), bBilling.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // A checkout of A's customer claiming to be B's: neither changes.
        var aCustomer = await world.CustomerOfAsync(a);
        var stolen = "sub_" + Guid.NewGuid().ToString("N")[..14];
        world.Stripe.SetSubscription(stolen, aCustomer, "active", BillingWorld.LookupKey("pro"), world.Clock.GetUtcNow().AddDays(30));
        Assert.StartsWith("ignored", await world.DeliverOkAsync(FakeStripe.Event("checkout.session.completed",
            FakeStripe.CheckoutCompleted(aCustomer, stolen, b.TenantId.ToString()))), StringComparison.Ordinal);

        // An event on B's customer pointing at a subscription that Stripe says is A's: ignored too.
        var bCustomer = await world.CustomerOfAsync(b);
        var pointing = world.Stripe.Subscription(stolen);
        pointing["customer"] = bCustomer;
        Assert.StartsWith("ignored", await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.updated", pointing)), StringComparison.Ordinal);

        Assert.Equal("starter", (string)(await BillingWorld.BillingOfAsync(a))["plan"]!);
        Assert.Equal("free", (string)(await BillingWorld.BillingOfAsync(b))["plan"]!);
        Assert.Equal("none", (string)(await BillingWorld.BillingOfAsync(b))["status"]!);

        // B's token on A's host is refused before any billing is read or started.
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await b.Client.GetAsync("/v1/billing", ("Host", $"{a.Slug}.crm.test")));
        await Expect.StatusAsync(HttpStatusCode.Forbidden, await b.Client.PostAsync("/v1/billing/portal", new { }, ("Host", $"{a.Slug}.crm.test")));
    }

    [Fact]
    public async Task Without_stripe_keys_billing_reads_work_and_payments_answer_503()
    {
        await using var bare = world.App.Sibling(settings: BillingWorld.SmallPlans);
        await bare.InitializeAsync();
        var owner = await bare.Anonymous().SignUpAsync();
        var billing = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/billing"));
        Assert.False((bool)billing["paymentsEnabled"]!);
        Assert.Equal("free", (string)billing["plan"]!);
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, await owner.Client.PostAsync("/v1/billing/checkout", new { plan = "starter" }), "billing-not-configured");
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable, await owner.Client.PostAsync("/v1/billing/portal", new { }), "billing-not-configured");
        var payload = FakeStripe.Event("invoice.paid", FakeStripe.Invoice("cus_x", "sub_x", "paid"));
        await Expect.ProblemAsync(HttpStatusCode.ServiceUnavailable,
            await bare.Anonymous().PostRawAsync("/v1/billing/stripe/webhook", payload, "application/json", ("Stripe-Signature", FakeStripe.Signature(payload, DateTimeOffset.UtcNow))),
            "billing-not-configured");
    }
}

public sealed class BillingAccessOnSqlite(SqliteBillingWorld world) : BillingAccessTests(world), IClassFixture<SqliteBillingWorld>;

public sealed class BillingAccessOnPostgres(PostgresBillingWorld world) : BillingAccessTests(world), IClassFixture<PostgresBillingWorld>;
