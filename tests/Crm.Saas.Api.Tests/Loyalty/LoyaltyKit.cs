using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Loyalty;

/// <summary>Programme bodies and shortcuts the loyalty tests share.</summary>
internal static class LoyaltyKit
{
    public static object Program(
        bool enabled = true, int pointsPerUnit = 1, long unitAmount = 100, string rounding = "down", long firstPurchaseBonus = 0,
        long birthdayBonus = 0, int validityMonths = 24, long minimumRedemption = 1, string tierBasis = "points", object[]? tiers = null) => new
    {
        enabled, pointsPerUnit, unitAmount, rounding, firstPurchaseBonus, birthdayBonus, validityMonths, minimumRedemption, tierBasis,
        tiers = tiers ?? [],
    };

    public static async Task<JsonObject> SetProgramAsync(CrmClient admin, object program)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/loyalty/program") { Content = System.Net.Http.Json.JsonContent.Create(program, options: CrmClient.Json) };
        return await Expect.JsonAsync(HttpStatusCode.OK, await admin.Http.SendAsync(request, TestContext.Current.CancellationToken));
    }

    public static Task<HttpResponseMessage> PutProgramAsync(CrmClient client, object program, params (string, string)[] headers) =>
        client.SendAsync(HttpMethod.Put, "/v1/loyalty/program", System.Net.Http.Json.JsonContent.Create(program, options: CrmClient.Json), headers);

    public static Task<HttpResponseMessage> RedeemAsync(CrmClient client, string customerId, long points, string? key = null, string reason = "Free tin", string? reference = null) =>
        key is null
            ? client.PostAsync($"/v1/customers/{customerId}/loyalty/redeem", new { points, reason, reference })
            : client.PostAsync($"/v1/customers/{customerId}/loyalty/redeem", new { points, reason, reference }, ("Idempotency-Key", key));

    public static Task<HttpResponseMessage> AdjustAsync(CrmClient client, string customerId, long points, string reason = "Correction", string? key = null) =>
        client.PostAsync($"/v1/customers/{customerId}/loyalty/adjust", new { points, reason }, ("Idempotency-Key", key ?? Guid.NewGuid().ToString()));

    public static async Task GrantAsync(CrmClient admin, string customerId, long points) =>
        await Expect.StatusAsync(HttpStatusCode.Created, await AdjustAsync(admin, customerId, points, "Opening balance"));

    public static async Task<JsonObject> SummaryAsync(CrmClient client, string customerId) =>
        await Expect.JsonAsync(HttpStatusCode.OK, await client.GetAsync($"/v1/customers/{customerId}/loyalty"));

    public static async Task<long> BalanceAsync(CrmClient client, string customerId) => (long)(await SummaryAsync(client, customerId))["balance"]!;

    public static async Task<List<JsonObject>> EntriesAsync(CrmClient client, string customerId)
    {
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK,
                await client.GetAsync($"/v1/customers/{customerId}/loyalty/entries?limit=3" + (cursor is null ? "" : "&cursor=" + cursor)));
            all.AddRange(page["data"]!.AsArray().Select(e => e!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return all;
    }
}
