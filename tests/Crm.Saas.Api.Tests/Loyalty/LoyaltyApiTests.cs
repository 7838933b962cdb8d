using System.Net;
using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.ApiKeys;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Loyalty;

/// <summary>The points ledger through the API: exact balances, no double spend, refunds that take back what they earned.</summary>
public abstract class LoyaltyApiTests(CrmApp app)
{
    [Fact]
    public async Task Redeem_never_overdraws_under_64_racing_requests()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        await LoyaltyKit.GrantAsync(api, customerId, 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => LoyaltyKit.RedeemAsync(api, customerId, 10, key: $"race-{i}")));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Conflict, refused, "insufficient-points");
            Assert.Equal(0, (long)problem["balance"]!);
        }

        var balances = new List<long>();
        foreach (var ok in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            balances.Add((long)(await Expect.JsonAsync(HttpStatusCode.Created, ok))["balance"]!);
        }

        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], balances.Order());
        Assert.Equal(0, await LoyaltyKit.BalanceAsync(api, customerId));
        var entries = await LoyaltyKit.EntriesAsync(api, customerId);
        Assert.Equal(10, entries.Count(e => (string)e["kind"]! == "redeem"));
        Assert.All(entries, e => Assert.True((long)e["balanceAfter"]! >= 0));
        Assert.Equal(0, entries.Sum(e => (long)e["points"]!));
    }

    [Fact]
    public async Task Redeem_needs_a_key_replays_the_first_answer_and_refuses_a_reused_key()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        await LoyaltyKit.GrantAsync(api, customerId, 100);

        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired, await LoyaltyKit.RedeemAsync(api, customerId, 10), "idempotency-key-required");
        Assert.Equal(100, await LoyaltyKit.BalanceAsync(api, customerId));

        var first = await Expect.JsonAsync(HttpStatusCode.Created, await LoyaltyKit.RedeemAsync(api, customerId, 30, key: "till-1"));
        using var replay = await LoyaltyKit.RedeemAsync(api, customerId, 30, key: "till-1");
        var again = await Expect.JsonAsync(HttpStatusCode.Created, replay);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(70, (long)again["balance"]!);
        await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity, await LoyaltyKit.RedeemAsync(api, customerId, 31, key: "till-1"), "idempotency-key-reused");
        Assert.Equal(70, await LoyaltyKit.BalanceAsync(api, customerId));

        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired,
            await api.PostAsync($"/v1/customers/{customerId}/loyalty/adjust", new { points = 5, reason = "x" }), "idempotency-key-required");
        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired,
            await api.PostAsync("/v1/loyalty/awards", new { customerId, points = 5, reference = "r" }), "idempotency-key-required");
    }

    [Fact]
    public async Task Short_balance_is_a_409_with_the_balance_and_below_minimum_a_422()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var none = await Expect.ProblemAsync(HttpStatusCode.Conflict, await LoyaltyKit.RedeemAsync(api, customerId, 1, key: "k0"), "insufficient-points");
        Assert.Equal(0, (long)none["balance"]!);

        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(minimumRedemption: 50));
        await LoyaltyKit.GrantAsync(api, customerId, 120);
        var below = await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity, await LoyaltyKit.RedeemAsync(api, customerId, 49, key: "k1"), "below-minimum-redemption");
        Assert.Equal(50, (long)below["minimumRedemption"]!);
        var short_ = await Expect.ProblemAsync(HttpStatusCode.Conflict, await LoyaltyKit.RedeemAsync(api, customerId, 121, key: "k2"), "insufficient-points");
        Assert.Equal(120, (long)short_["balance"]!);
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await LoyaltyKit.AdjustAsync(api, customerId, -121), "insufficient-points");
        Assert.Equal(120, await LoyaltyKit.BalanceAsync(api, customerId));

        foreach (var (body, field) in new[] { ("{\"points\":0,\"reason\":\"x\"}", "points"), ("{\"points\":1.5,\"reason\":\"x\"}", "points"), ("{\"points\":10}", "reason"), ("{\"points\":10,\"reason\":\"x\",\"extra\":1}", "extra") })
        {
            await Expect.ValidationErrorAsync(await api.PostRawAsync($"/v1/customers/{customerId}/loyalty/redeem", body, headers: ("Idempotency-Key", Guid.NewGuid().ToString())), field);
        }

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await LoyaltyKit.RedeemAsync(api, Guid.CreateVersion7().ToString(), 50, key: "k3"));
        Assert.Equal(120, await LoyaltyKit.BalanceAsync(api, customerId));
    }

    [Fact]
    public async Task Purchases_earn_with_the_tier_multiplier_and_refunds_reverse_into_shortfall()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        await PurchaseData.RecordAsync(api, customerId, 5000); // programme off: earns nothing
        Assert.Equal(0, await LoyaltyKit.BalanceAsync(api, customerId));

        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(firstPurchaseBonus: 7, tiers:
        [
            new { name = "Gold", threshold = 100, multiplier = 2m },
            new { name = "Silver", threshold = 10, multiplier = 1.5m },
        ]));
        var other = await PurchaseData.CreateCustomerAsync(api, "Ann Lee");
        await PurchaseData.RecordAsync(api, other, 999); // 9 points (down) + 7 first-purchase bonus
        var otherSummary = await LoyaltyKit.SummaryAsync(api, other);
        Assert.Equal(16, (long)otherSummary["balance"]!);
        Assert.Equal("Silver", (string)otherSummary["tier"]!["name"]!);
        Assert.Equal(84, (long)otherSummary["nextTier"]!["remaining"]!);

        var first = await PurchaseData.RecordAsync(api, customerId, 1000); // no tier yet: 10 points; not the first purchase, no bonus
        Assert.Equal(10, await LoyaltyKit.BalanceAsync(api, customerId));
        var second = await PurchaseData.RecordAsync(api, customerId, 1000); // Silver: 15
        Assert.Equal(25, await LoyaltyKit.BalanceAsync(api, customerId));

        // Half the second sale comes back: half its 15 points (7, rounded down) go.
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/purchases/{second}/refunds", new { amount = 500 }));
        Assert.Equal(18, await LoyaltyKit.BalanceAsync(api, customerId));
        await Expect.StatusAsync(HttpStatusCode.Created, await LoyaltyKit.RedeemAsync(api, customerId, 18, key: "spend-all"));

        // The rest of the second sale and all of the first come back after the points were spent: shortfall, not a negative balance.
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/purchases/{second}/refunds", new { amount = 500 }));
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/purchases/{first}/refunds", new { amount = 1000 }));
        var summary = await LoyaltyKit.SummaryAsync(api, customerId);
        Assert.Equal(0, (long)summary["balance"]!);
        Assert.Equal(18, (long)summary["shortfall"]!);

        // The next earnings pay the shortfall off first.
        await PurchaseData.RecordAsync(api, customerId, 2000); // qualifying 25 − 25 = 0: no tier, 20 points
        summary = await LoyaltyKit.SummaryAsync(api, customerId);
        Assert.Equal(2, (long)summary["balance"]!);
        Assert.Equal(0, (long)summary["shortfall"]!);

        var entries = await LoyaltyKit.EntriesAsync(api, customerId);
        Assert.Equal(["earn", "reverse", "reverse", "redeem", "reverse", "earn", "earn"], entries.Select(e => (string)e["kind"]!));
        Assert.Equal([20, -10, -8, -18, -7, 15, 10], entries.Select(e => (long)e["points"]!));
        Assert.Equal("refund", (string)entries[1]["source"]!["type"]!);
        Assert.Equal(first, (string)entries[^1]["source"]!["id"]!);
        Assert.Equal((string)entries[^1]["id"]!, (string)entries[1]["reversesEntryId"]!);
        var timeline = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(3, timeline.Count(t => t == "loyalty.earned"));
        Assert.Equal(3, timeline.Count(t => t == "loyalty.reversed"));
        Assert.Contains("loyalty.tier_changed", timeline);
        Assert.Contains("loyalty.redeemed", timeline);
    }

    [Fact]
    public async Task Tiers_on_spend_count_money_net_of_refunds_and_round_once_after_the_multiplier()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(rounding: "up", unitAmount: 300, tierBasis: "spend",
            tiers: [new { name = "Silver", threshold = 5000, multiplier = 1.5m }]));
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var big = await PurchaseData.RecordAsync(api, customerId, 5000); // 16.67 → 17 (up), then Silver on 5000 spent
        var summary = await LoyaltyKit.SummaryAsync(api, customerId);
        Assert.Equal(17, (long)summary["balance"]!);
        Assert.Equal("Silver", (string)summary["tier"]!["name"]!);
        Assert.Equal(5000, (long)summary["qualifying"]!);
        Assert.Null(summary["nextTier"]);

        await PurchaseData.RecordAsync(api, customerId, 1000); // 3.33 × 1.5 = 5 (up, once)
        Assert.Equal(22, await LoyaltyKit.BalanceAsync(api, customerId));

        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/purchases/{big}/refunds", new { amount = 1000 }));
        summary = await LoyaltyKit.SummaryAsync(api, customerId);
        Assert.Equal(5000, (long)summary["qualifying"]!); // 6000 spent, 1000 given back
        Assert.Equal(22 - 3, (long)summary["balance"]!); // a fifth of 17, rounded down: 3
    }

    [Fact]
    public async Task The_nightly_pass_expires_lots_at_the_end_of_their_month_soonest_first()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(validityMonths: 1));
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        await LoyaltyKit.GrantAsync(api, customerId, 40);
        var now = DateTime.UtcNow;
        var endOfNextMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(2);
        var summary = await LoyaltyKit.SummaryAsync(api, customerId);
        Assert.Equal(endOfNextMonth - now <= TimeSpan.FromDays(60) ? 40 : 0, (long)summary["expiring"]!["within60Days"]!);
        Assert.Equal(40, (long)summary["expiring"]!["within90Days"]!);

        var job = app.Services.GetRequiredService<PointsExpiry>();
        var info = await TenantStore.InfoAsync(app, tenant.TenantId);
        var before = await job.RunForTenantAsync(info, endOfNextMonth.AddSeconds(-1), TestContext.Current.CancellationToken);
        Assert.Equal(0, before.PointsExpired);
        var at = await job.RunForTenantAsync(info, endOfNextMonth, TestContext.Current.CancellationToken);
        Assert.Equal(40, at.PointsExpired);
        Assert.Equal(1, at.CustomersExpired);
        var again = await job.RunForTenantAsync(info, endOfNextMonth.AddHours(1), TestContext.Current.CancellationToken);
        Assert.Equal(0, again.PointsExpired);

        Assert.Equal(0, await LoyaltyKit.BalanceAsync(api, customerId));
        var entries = await LoyaltyKit.EntriesAsync(api, customerId);
        Assert.Equal(["expire", "adjust"], entries.Select(e => (string)e["kind"]!));
        Assert.Equal(-40, (long)entries[0]["points"]!);
        Assert.Equal("system", (string)entries[0]["source"]!["type"]!);
        Assert.Contains("loyalty.expired", await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId));
    }

    [Fact]
    public async Task The_nightly_pass_grants_birthday_bonuses_once_and_drops_tiers_as_the_window_moves()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(birthdayBonus: 5, validityMonths: 0, tiers: [new { name = "Silver", threshold = 10, multiplier = 2m }]));
        var customerId = await PurchaseData.CreateCustomerAsync(api); // born 1 April 1990
        await PurchaseData.RecordAsync(api, customerId, 1000); // 10 points: Silver from now on
        Assert.Equal("Silver", (string)(await LoyaltyKit.SummaryAsync(api, customerId))["tier"]!["name"]!);

        var job = app.Services.GetRequiredService<PointsExpiry>();
        var info = await TenantStore.InfoAsync(app, tenant.TenantId);
        var ct = TestContext.Current.CancellationToken;
        var birthday = new DateTime(DateTime.UtcNow.Year + 2, 4, 1, 3, 0, 0, DateTimeKind.Utc);
        var dayBefore = await job.RunForTenantAsync(info, birthday.AddDays(-1), ct);
        Assert.Equal(0, dayBefore.BirthdayBonuses);
        Assert.Equal(1, dayBefore.TierChanges); // more than 12 months after the only earn: no tier any more
        var first = await job.RunForTenantAsync(info, birthday, ct);
        Assert.Equal(1, first.BirthdayBonuses);
        Assert.Equal(0, first.TierChanges); // 5 bonus points stay below Silver
        var again = await job.RunForTenantAsync(info, birthday.AddHours(2), ct);
        Assert.Equal(0, again.BirthdayBonuses);
        Assert.Equal(0, again.TierChanges);

        var entries = await LoyaltyKit.EntriesAsync(api, customerId);
        Assert.Equal(["bonus", "earn"], entries.Select(e => (string)e["kind"]!));
        Assert.Equal(15, (long)entries[0]["balanceAfter"]!);
        var timeline = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(2, timeline.Count(t => t == "loyalty.tier_changed")); // none → Silver, Silver → none
        Assert.Contains("loyalty.bonus", timeline);
    }

    [Fact]
    public async Task Partners_award_by_id_external_id_or_email_with_the_loyalty_write_scope()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customer = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers",
            new { kind = "person", name = "Mei Lin", email = "Mei@Example.com", externalId = "shop-4711" }));
        var customerId = (string)customer["id"]!;
        var partner = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(api, ["loyalty:write", "loyalty:read"])).Key);
        var reader = ApiKeyKit.Client(app, (await ApiKeyKit.IssueAsync(api, ["loyalty:read"])).Key);

        var byId = await Expect.JsonAsync(HttpStatusCode.Created,
            await partner.PostAsync("/v1/loyalty/awards", new { customerId, points = 10, reference = "p-1" }, ("Idempotency-Key", "a1")));
        Assert.Equal(10, (long)byId["balance"]!);
        await Expect.StatusAsync(HttpStatusCode.Created,
            await partner.PostAsync("/v1/loyalty/awards", new { externalId = "shop-4711", points = 20, reference = "p-2" }, ("Idempotency-Key", "a2")));
        await Expect.StatusAsync(HttpStatusCode.Created,
            await partner.PostAsync("/v1/loyalty/awards", new { email = "mei@example.com", points = 30, reference = "p-3", reason = "Spring campaign" }, ("Idempotency-Key", "a3")));
        using var replay = await partner.PostAsync("/v1/loyalty/awards", new { email = "mei@example.com", points = 30, reference = "p-3", reason = "Spring campaign" }, ("Idempotency-Key", "a3"));
        await Expect.StatusAsync(HttpStatusCode.Created, replay);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity,
            await partner.PostAsync("/v1/loyalty/awards", new { email = "mei@example.com", points = 31, reference = "p-3" }, ("Idempotency-Key", "a3")), "idempotency-key-reused");

        await Expect.ProblemAsync(HttpStatusCode.Forbidden,
            await reader.PostAsync("/v1/loyalty/awards", new { customerId, points = 10, reference = "p-4" }, ("Idempotency-Key", "a4")));
        await Expect.ProblemAsync(HttpStatusCode.NotFound,
            await partner.PostAsync("/v1/loyalty/awards", new { externalId = "nobody", points = 10, reference = "p-5" }, ("Idempotency-Key", "a5")));
        await Expect.ValidationErrorAsync(
            await partner.PostAsync("/v1/loyalty/awards", new { customerId, externalId = "shop-4711", points = 10, reference = "p-6" }, ("Idempotency-Key", "a6")), "customerId");
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await LoyaltyKit.AdjustAsync(partner, customerId, 5)); // admins only

        Assert.Equal(60, await LoyaltyKit.BalanceAsync(reader, customerId));
        var entries = await LoyaltyKit.EntriesAsync(reader, customerId);
        Assert.Equal(["p-3", "p-2", "p-1"], entries.Select(e => (string)e["reference"]!));
        Assert.All(entries, e => Assert.Equal("api_key", (string)e["source"]!["type"]!));
    }

    [Fact]
    public async Task Programme_defaults_then_admins_replace_it()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        using var defaults = await api.GetAsync("/v1/loyalty/program");
        var body = await Expect.JsonAsync(HttpStatusCode.OK, defaults);
        Assert.False((bool)body["enabled"]!);
        Assert.Equal(100, (long)body["unitAmount"]!);
        Assert.Null(body["updatedAt"]);
        Assert.Equal("\"1\"", defaults.Headers.ETag?.Tag);

        var agent = await tenant.InviteAndAcceptAsync(app, "agent");
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await LoyaltyKit.PutProgramAsync(agent.Client, LoyaltyKit.Program()));
        await Expect.ValidationErrorAsync(await LoyaltyKit.PutProgramAsync(api, LoyaltyKit.Program(unitAmount: 0)), "unitAmount");
        await Expect.ValidationErrorAsync(await LoyaltyKit.PutProgramAsync(api, LoyaltyKit.Program(rounding: "sideways")), "rounding");
        await Expect.ValidationErrorAsync(await LoyaltyKit.PutProgramAsync(api,
            LoyaltyKit.Program(tiers: [new { name = "Gold", threshold = 10, multiplier = 11m }])), "tiers[0].multiplier");
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await LoyaltyKit.PutProgramAsync(api, LoyaltyKit.Program(), ("If-Match", "\"7\"")));

        using var put = await LoyaltyKit.PutProgramAsync(api, LoyaltyKit.Program(pointsPerUnit: 3, rounding: "nearest",
            tiers: [new { name = "Gold", threshold = 500, multiplier = 2m }, new { name = "Silver", threshold = 100, multiplier = 1.25m }]), ("If-Match", "\"1\""));
        var saved = await Expect.JsonAsync(HttpStatusCode.OK, put);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        Assert.Equal(["Silver", "Gold"], saved["tiers"]!.AsArray().Select(t => (string)t!["name"]!));
        var read = await Expect.JsonAsync(HttpStatusCode.OK, await agent.Client.GetAsync("/v1/loyalty/program"));
        Assert.Equal(saved.ToJsonString(), read.ToJsonString());
        Assert.Equal("nearest", (string)read["rounding"]!);
        Assert.Equal(1.25m, (decimal)read["tiers"]![0]!["multiplier"]!);
    }

    [Fact]
    public async Task Liability_sums_outstanding_points_by_expiry_month_and_flows_per_month()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        await LoyaltyKit.SetProgramAsync(api, LoyaltyKit.Program(validityMonths: 3));
        var a = await PurchaseData.CreateCustomerAsync(api);
        var b = await PurchaseData.CreateCustomerAsync(api, "Ann Lee");
        await LoyaltyKit.GrantAsync(api, a, 100);
        await LoyaltyKit.GrantAsync(api, b, 50);
        await Expect.StatusAsync(HttpStatusCode.Created, await LoyaltyKit.RedeemAsync(api, a, 30, key: "r1"));

        var report = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/loyalty/liability"));
        Assert.Equal(120, (long)report["outstanding"]!);
        var expiryMonth = DateTime.UtcNow.AddMonths(3).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expiryMonth, (string)report["byExpiryMonth"]![0]!["month"]!);
        Assert.Equal(120, (long)report["byExpiryMonth"]![0]!["points"]!);
        var thisMonth = report["monthly"]!.AsArray()[^1]!;
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), (string)thisMonth["month"]!);
        Assert.Equal(150, (long)thisMonth["issued"]!);
        Assert.Equal(30, (long)thisMonth["redeemed"]!);
        Assert.Equal(12, report["monthly"]!.AsArray().Count);
    }

    [Fact]
    public async Task Goodwill_from_a_complaint_lands_in_the_callers_transaction_once()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var customerId = await PurchaseData.CreateCustomerAsync(tenant.Client);
        var complaintId = Guid.CreateVersion7();
        await using var scope = app.Services.CreateAsyncScope();
        var goodwill = scope.ServiceProvider.GetRequiredService<IGoodwillPoints>();

        // Not saved by the grant: a caller that rolls back leaves nothing.
        await TenantStore.WithTenantAsync(app, tenant.TenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await goodwill.GrantAsync(db, Guid.Parse(customerId), 25, complaintId, DateTime.UtcNow, TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
            return 0;
        });
        Assert.Equal(0, await LoyaltyKit.BalanceAsync(tenant.Client, customerId));

        await TenantStore.WithTenantAsync(app, tenant.TenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await goodwill.GrantAsync(db, Guid.Parse(customerId), 25, complaintId, DateTime.UtcNow, TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
            return 0;
        });
        Assert.Equal(25, await LoyaltyKit.BalanceAsync(tenant.Client, customerId));
        var entry = Assert.Single(await LoyaltyKit.EntriesAsync(tenant.Client, customerId));
        Assert.Equal("goodwill", (string)entry["kind"]!);
        Assert.Equal("complaint", (string)entry["source"]!["type"]!);
        Assert.Equal(complaintId.ToString(), (string)entry["source"]!["id"]!);

        // The same complaint grants once: a second grant adds nothing.
        var saved = await TenantStore.WithTenantAsync(app, tenant.TenantId, async db =>
        {
            await goodwill.GrantAsync(db, Guid.Parse(customerId), 25, complaintId, DateTime.UtcNow, TestContext.Current.CancellationToken);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        Assert.Equal(0, saved);
        Assert.Equal(25, await LoyaltyKit.BalanceAsync(tenant.Client, customerId));
        Assert.Single(await LoyaltyKit.EntriesAsync(tenant.Client, customerId));
    }

    [Fact]
    public async Task Another_tenant_cannot_read_spend_or_award_these_points()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var customer = await Expect.JsonAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/customers",
            new { kind = "person", name = "Only A", email = "only-a@a.example.com", externalId = "only-a" }));
        var customerId = (string)customer["id"]!;
        await LoyaltyKit.GrantAsync(a.Client, customerId, 100);

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.GetAsync($"/v1/customers/{customerId}/loyalty"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.GetAsync($"/v1/customers/{customerId}/loyalty/entries"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await LoyaltyKit.RedeemAsync(b.Client, customerId, 10, key: "steal"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await LoyaltyKit.AdjustAsync(b.Client, customerId, -10));
        foreach (var target in new object[] { new { customerId, points = 5, reference = "x" }, new { externalId = "only-a", points = 5, reference = "x" }, new { email = "only-a@a.example.com", points = 5, reference = "x" } })
        {
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.PostAsync("/v1/loyalty/awards", target, ("Idempotency-Key", Guid.NewGuid().ToString())));
        }

        var bLiability = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/loyalty/liability"));
        Assert.Equal(0, (long)bLiability["outstanding"]!);
        Assert.Equal(100, await LoyaltyKit.BalanceAsync(a.Client, customerId));
        Assert.Single(await LoyaltyKit.EntriesAsync(a.Client, customerId));
    }
}

public sealed class LoyaltyApiOnSqlite(SqliteApp app) : LoyaltyApiTests(app), IClassFixture<SqliteApp>;

public sealed class LoyaltyApiOnPostgres(PostgresApp app) : LoyaltyApiTests(app), IClassFixture<PostgresApp>;
