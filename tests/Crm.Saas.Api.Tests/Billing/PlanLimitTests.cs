using System.Net;
using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Tests.ApiKeys;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>What a plan allows, enforced where things are created: customers, seats, API keys, features, request rate.</summary>
public abstract class PlanLimitTests(BillingWorld world)
{
    [Fact]
    public async Task The_fourth_customer_on_a_three_customer_plan_is_refused_on_every_way_in()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var first = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", BillingWorld.Person("One")));
        await Expect.StatusAsync(HttpStatusCode.Created, await PutAsync(api, "/v1/customers/by-external-id/shop-2", new { kind = "person", name = "Two" }));

        // A batch creating two more: the first fits, the second fails alone; updating an existing one still works.
        var batch = await Expect.JsonAsync(HttpStatusCode.OK, await api.PostAsync("/v1/customers/batch", new
        {
            items = new object[]
            {
                new { kind = "person", name = "Three", externalId = "shop-3" },
                new { kind = "person", name = "Four", externalId = "shop-4" },
                new { kind = "person", name = "Two renamed", externalId = "shop-2" },
            },
        }));
        var results = batch["results"]!.AsArray();
        Assert.Equal("created", (string)results[0]!["status"]!);
        Assert.Equal("error", (string)results[1]!["status"]!);
        Assert.Equal("https://crm-saas.dev/problems/plan-limit-reached", (string)results[1]!["problem"]!["type"]!);
        Assert.Equal(403, (int)results[1]!["problem"]!["status"]!);
        Assert.Equal("updated", (string)results[2]!["status"]!);

        var single = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await api.PostAsync("/v1/customers", BillingWorld.Person("Four")), "plan-limit-reached");
        Assert.Equal("customers", (string)single["limitName"]!);
        Assert.Equal(3, (int)single["limit"]!);
        Assert.Equal(3, (long)single["usage"]!);
        Assert.Equal("free", (string)single["plan"]!);
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await PutAsync(api, "/v1/customers/by-external-id/shop-5", new { kind = "person", name = "Five" }), "plan-limit-reached");
        await Expect.StatusAsync(HttpStatusCode.OK, await PutAsync(api, "/v1/customers/by-external-id/shop-2", new { kind = "person", name = "Two again" }));
        var customers = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        Assert.Equal(3, customers["data"]!.AsArray().Count);

        // Deleting one frees its place.
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/customers/{first["id"]}", "\"1\""));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", BillingWorld.Person("Replacement")));
    }

    [Fact]
    public async Task Seats_count_members_and_pending_invitations_on_invite_and_on_accept()
    {
        var owner = await world.App.Anonymous().SignUpAsync();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created,
            await owner.Client.PostAsync("/v1/users/invitations", new { email = "second@team.example.com", role = "agent" }));
        var refused = await Expect.ProblemAsync(HttpStatusCode.Forbidden,
            await owner.Client.PostAsync("/v1/users/invitations", new { email = "third@team.example.com", role = "agent" }), "plan-limit-reached");
        Assert.Equal("users", (string)refused["limitName"]!);
        Assert.Equal(2, (int)refused["limit"]!);
        Assert.Equal(2, (long)refused["usage"]!);
        await Expect.StatusAsync(HttpStatusCode.OK, await world.App.Anonymous().PostAsync("/v1/invitations/accept",
            new { token = (string)invitation["token"]!, password = "Harbour-lights-77" }));

        // Starter has three seats: one more invitation fits. Canceled back to free, its acceptance no longer does.
        var subscription = await world.SubscribeAsync(owner);
        var late = await Expect.JsonAsync(HttpStatusCode.Created,
            await owner.Client.PostAsync("/v1/users/invitations", new { email = "third@team.example.com", role = "agent" }));
        var customer = await world.CustomerOfAsync(owner);
        world.Stripe.SetSubscription(subscription, customer, "canceled", BillingWorld.LookupKey("starter"), world.Clock.GetUtcNow());
        await world.DeliverOkAsync(FakeStripe.Event("customer.subscription.deleted", world.Stripe.Subscription(subscription)));
        var acceptRefused = await Expect.ProblemAsync(HttpStatusCode.Forbidden, await world.App.Anonymous().PostAsync("/v1/invitations/accept",
            new { token = (string)late["token"]!, password = "Harbour-lights-77" }), "plan-limit-reached");
        Assert.Equal(3, (long)acceptRefused["usage"]!);
        var members = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users"));
        Assert.Equal(2, members["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Partner_api_keys_need_a_plan_with_the_feature_and_stay_within_its_key_limit()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var notInPlan = await Expect.ProblemAsync(HttpStatusCode.Forbidden,
            await tenant.Client.PostAsync("/v1/api-keys", new { name = "Shop", scopes = ApiKeyKit.CustomerScopes }), "feature-not-in-plan");
        Assert.Equal("partnerApiKeys", (string)notInPlan["feature"]!);
        Assert.Equal("free", (string)notInPlan["plan"]!);

        await world.SubscribeAsync(tenant);
        var key = await ApiKeyKit.IssueAsync(tenant.Client);
        var overLimit = await Expect.ProblemAsync(HttpStatusCode.Forbidden,
            await tenant.Client.PostAsync("/v1/api-keys", new { name = "Second", scopes = ApiKeyKit.CustomerScopes }), "plan-limit-reached");
        Assert.Equal("apiKeys", (string)overLimit["limitName"]!);
        Assert.Equal(1, (long)overLimit["usage"]!);

        // The key works for its partner; revoking it frees the place for another.
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(world.App, key.Key).GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await tenant.Client.DeleteAsync($"/v1/api-keys/{key.Id}", null));
        await ApiKeyKit.IssueAsync(tenant.Client, name: "Replacement");
        var billing = await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal(1, (long)billing["limits"]!["apiKeys"]!["usage"]!);
    }

    [Fact]
    public async Task Request_rate_follows_the_plan()
    {
        var tenant = await world.App.Anonymous().SignUpAsync();
        var limits = world.App.Services.GetRequiredService<ITenantRateLimits>();
        await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal(1000, limits.For(tenant.TenantId).PerTenantPerMinute);
        await world.SubscribeAsync(tenant);
        await BillingWorld.BillingOfAsync(tenant);
        Assert.Equal(2000, limits.For(tenant.TenantId).PerTenantPerMinute);
        Assert.Equal(2000, (int)(await BillingWorld.BillingOfAsync(tenant))["limits"]!["requestsPerMinute"]!["limit"]!);
    }

    private static Task<HttpResponseMessage> PutAsync(CrmClient api, string path, object body) =>
        api.SendAsync(HttpMethod.Put, path, System.Net.Http.Json.JsonContent.Create(body, options: CrmClient.Json));
}

public sealed class PlanLimitsOnSqlite(SqliteBillingWorld world) : PlanLimitTests(world), IClassFixture<SqliteBillingWorld>;

public sealed class PlanLimitsOnPostgres(PostgresBillingWorld world) : PlanLimitTests(world), IClassFixture<PostgresBillingWorld>;
