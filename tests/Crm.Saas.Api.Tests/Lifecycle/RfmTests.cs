using System.Net;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Lifecycle;

/// <summary>RFM quintiles and segments on a designed tenant of ten buyers (two per quintile in each dimension).</summary>
public abstract class RfmTests(CrmApp app)
{
    /// <summary>Name, designed (R, F, M), and the segment docs/api-guide.md's rules give them.</summary>
    private static readonly (string Name, int R, int F, int M, string Segment)[] Buyers =
    [
        ("c1", 5, 5, 5, "champions"),
        ("c2", 4, 4, 4, "champions"),
        ("c3", 2, 5, 5, "cant_lose"),
        ("c4", 1, 3, 3, "at_risk"),
        ("c5", 3, 4, 4, "loyal"),
        ("c6", 5, 1, 1, "potential"),
        ("c7", 3, 2, 2, "needs_attention"),
        ("c8", 2, 2, 1, "hibernating"),
        ("c9", 1, 1, 2, "lost"),
        ("c10", 4, 3, 3, "potential"),
    ];

    [Fact]
    public async Task Ten_designed_buyers_get_their_quintiles_and_segments_and_lists_filter_by_them()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var now = DateTime.UtcNow;
        var ids = new Dictionary<string, string>();
        var prospect = await PurchaseData.CreateCustomerAsync(api, "never bought");

        // Within each dimension the two customers of a quintile get distinct values, so NTILE's split is the designed one:
        // purchases 2F-1 or 2F, spend (2M-1 or 2M) × 100.00, last purchase (12 - 2R or 11 - 2R) × 10 days ago.
        var seen = new Dictionary<(char, int), int>();
        int Rank(char dimension, int score) => 2 * score - (seen[(dimension, score)] = seen.GetValueOrDefault((dimension, score)) + 1) % 2;
        foreach (var (name, r, f, m, _) in Buyers)
        {
            var id = await PurchaseData.CreateCustomerAsync(api, name);
            ids[name] = id;
            var count = Rank('f', f);
            var spend = Rank('m', m) * 10_000L;
            var last = now.AddDays(-10 * (11 - Rank('r', r)));
            for (var i = count - 1; i >= 0; i--)
            {
                var amount = i == 0 ? spend - (count - 1) * 100 : 100;
                await PurchaseData.RecordAsync(api, id, amount, last.AddHours(-i));
            }
        }

        var nightly = app.Services.GetRequiredService<LifecycleRecomputation>();
        var info = await TenantStore.InfoAsync(app, tenant.TenantId);
        var result = await nightly.RunForTenantAsync(info, now, TestContext.Current.CancellationToken);
        Assert.Equal(10, result.RfmScoresChanged);

        foreach (var (name, r, f, m, segment) in Buyers)
        {
            var customer = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{ids[name]}"));
            var rfm = customer["rfm"]!;
            Assert.True(((int)rfm["recency"]!, (int)rfm["frequency"]!, (int)rfm["monetary"]!, (string)rfm["segment"]!) == (r, f, m, segment),
                $"{name}: expected ({r}, {f}, {m}, {segment}) but got {rfm.ToJsonString()}");
        }

        var neverBought = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{prospect}"));
        Assert.Null(neverBought["rfm"]);

        async Task<string[]> NamesAsync(string query) =>
            (await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers?{query}")))["data"]!.AsArray()
                .Select(c => (string)c!["name"]!).Order().ToArray();

        Assert.Equal(["c1", "c2"], await NamesAsync("segment=champions"));
        Assert.Equal(["c10", "c6"], await NamesAsync("segment=potential"));
        Assert.Equal(["c1", "c2", "c3", "c5"], await NamesAsync("minMonetary=4"));
        Assert.Equal(["c1"], await NamesAsync("segment=champions&minMonetary=5"));

        // Nothing changed, nothing is rewritten (ETags stay).
        var again = await nightly.RunForTenantAsync(info, now, TestContext.Current.CancellationToken);
        Assert.Equal(0, again.RfmScoresChanged);
    }
}

public sealed class RfmOnSqlite(SqliteApp app) : RfmTests(app), IClassFixture<SqliteApp>;

public sealed class RfmOnPostgres(PostgresApp app) : RfmTests(app), IClassFixture<PostgresApp>;
