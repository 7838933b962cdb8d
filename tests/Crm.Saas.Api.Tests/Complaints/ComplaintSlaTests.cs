using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>
/// SLA clocks on a test clock: due times across nights, weekends, a holiday and a time zone; the pause while waiting
/// on the customer; the breach job; survey timing and expiry; the reopen window; goodwill points; statistics.
/// </summary>
public abstract class ComplaintSlaTests(ClockedComplaintsApp fixture)
{
    private CrmApp _app => fixture.App;

    private TestClock _clock => fixture.Clock;

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Due_times_count_business_hours_in_the_tenants_zone_skipping_night_weekend_and_holiday()
    {
        _clock.Set(Utc(3, 2, 8));
        var tenant = await _app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/settings/complaints"));
        settings["businessHours"]!["timeZone"] = "Europe/Berlin";
        settings["businessHours"]!["holidays"] = new JsonArray("2026-03-09");
        await Expect.StatusAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, "/v1/settings/complaints",
            new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ("If-Match", "\"1\"")));
        var customerId = await PurchaseData.CreateCustomerAsync(api);

        // Friday 16:00 in Berlin (15:00 UTC), severity 4 (1 h / 8 h): one hour left on Friday, Monday is a holiday.
        _clock.Set(Utc(3, 6, 15));
        var angry = await ComplaintKit.CreateAsync(api, customerId, severity: 4);
        Assert.Equal(Utc(3, 6, 16), (DateTime)angry["sla"]!["firstResponseDueAt"]!);
        Assert.Equal(Utc(3, 10, 15), (DateTime)angry["sla"]!["resolutionDueAt"]!); // Tuesday 16:00 Berlin: 1 h Friday + 7 h Tuesday
        Assert.Equal(60, (int)angry["sla"]!["firstResponseRemainingMinutes"]!);
        Assert.Equal(480, (int)angry["sla"]!["resolutionRemainingMinutes"]!);

        // Friday night, severity 3 (4 h first response): the clock starts on Tuesday at 09:00 Berlin.
        _clock.Set(Utc(3, 6, 19));
        var night = await ComplaintKit.CreateAsync(api, customerId, severity: 3);
        Assert.Equal(Utc(3, 10, 12), (DateTime)night["sla"]!["firstResponseDueAt"]!);

        // Saturday: the first one is overdue, but no business time has passed since, so nothing is "more" late.
        _clock.Set(Utc(3, 7, 12));
        var weekend = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{(string)angry["id"]!}"));
        Assert.True((bool)weekend["sla"]!["firstResponseBreached"]!);
        Assert.Equal(0, (int)weekend["sla"]!["firstResponseRemainingMinutes"]!);
        Assert.Equal(420, (int)weekend["sla"]!["resolutionRemainingMinutes"]!);
        var stillNight = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{(string)night["id"]!}"));
        Assert.False((bool)stillNight["sla"]!["firstResponseBreached"]!);
        Assert.Equal(240, (int)stillNight["sla"]!["firstResponseRemainingMinutes"]!);
    }

    [Fact]
    public async Task Waiting_on_the_customer_stops_the_resolution_clock_and_resuming_shifts_the_due_time()
    {
        _clock.Set(Utc(3, 2, 10));
        var tenant = await _app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var info = await TenantStore.InfoAsync(_app, tenant.TenantId);
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = (string)(await ComplaintKit.CreateAsync(api, customerId, severity: 4))["id"]!;

        _clock.Set(Utc(3, 2, 10, 10));
        var acknowledged = await ComplaintKit.ActAsync(api, id, "acknowledge");
        Assert.Equal(10, (int)acknowledged["sla"]!["firstResponseBusinessMinutes"]!);
        await ComplaintKit.ActAsync(api, id, "start");
        _clock.Set(Utc(3, 2, 11));
        var waiting = await ComplaintKit.ActAsync(api, id, "wait");
        Assert.True((bool)waiting["sla"]!["paused"]!);
        Assert.Equal(420, (int)waiting["sla"]!["resolutionRemainingMinutes"]!); // due Tuesday 10:00: 6 h Monday + 1 h Tuesday

        // A business day later, past the original due time: frozen, not breached, and the job agrees.
        _clock.Set(Utc(3, 3, 11));
        var frozen = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
        Assert.Equal(420, (int)frozen["sla"]!["resolutionRemainingMinutes"]!);
        Assert.False((bool)frozen["sla"]!["resolutionBreached"]!);
        Assert.Equal(new SlaCheckResult(0, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));

        var resumed = await ComplaintKit.ActAsync(api, id, "resume");
        Assert.False((bool)resumed["sla"]!["paused"]!);
        Assert.Equal(Utc(3, 4, 10), (DateTime)resumed["sla"]!["resolutionDueAt"]!); // shifted by the 8 business hours waited
        Assert.Equal(420, (int)resumed["sla"]!["resolutionRemainingMinutes"]!);

        _clock.Set(Utc(3, 3, 12));
        var resolved = await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution());
        Assert.Equal(120, (int)resolved["sla"]!["resolutionBusinessMinutes"]!); // 1 h Monday + 1 h Tuesday, waiting excluded
        Assert.False((bool)resolved["sla"]!["resolutionBreached"]!);
        var types = await TenantStore.TimelineTypesAsync(_app, tenant.TenantId, customerId);
        Assert.Contains("complaint.waiting", types);
        Assert.Contains("complaint.resumed", types);
    }

    [Fact]
    public async Task The_job_marks_each_new_breach_once_records_it_and_hands_it_and_due_surveys_to_mail()
    {
        _clock.Set(Utc(3, 2, 9));
        var tenant = await _app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var info = await TenantStore.InfoAsync(_app, tenant.TenantId);
        var agent = await tenant.InviteAndAcceptAsync(_app, "agent");
        var members = (await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/users")))["data"]!.AsArray();
        var ownerId = Guid.Parse((string)members.Single(m => (string)m!["role"]! == "owner")!["userId"]!);
        var agentId = Guid.Parse((string)members.Single(m => (string)m!["email"]! == agent.Email)!["userId"]!);
        var customerId = await PurchaseData.CreateCustomerAsync(api);

        _clock.Set(Utc(3, 2, 10));
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/complaints",
            ComplaintKit.NewComplaint(customerId, severity: 4, assigneeUserId: agentId.ToString()))))["id"]!;
        var calm = (string)(await ComplaintKit.CreateAsync(api, customerId, severity: 1))["id"]!;

        _clock.Set(Utc(3, 2, 10, 59));
        Assert.Equal(new SlaCheckResult(0, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        _clock.Set(Utc(3, 2, 11, 1));
        Assert.Equal(new SlaCheckResult(1, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        Assert.Equal(new SlaCheckResult(0, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));

        var late = await Expect.JsonAsync(HttpStatusCode.OK, await agent.Client.GetAsync($"/v1/complaints/{id}"));
        Assert.Equal(Utc(3, 2, 11, 1), (DateTime)late["sla"]!["firstResponseBreachedAt"]!);
        Assert.Equal([(Guid.Parse(id), SlaBreachKind.FirstResponse)], fixture.Mail.Breaches.Where(b => b.ComplaintId == Guid.Parse(id)).Select(b => (b.ComplaintId, b.Kind)));
        Assert.Equal([agentId, ownerId], fixture.Mail.Breaches.Single(b => b.ComplaintId == Guid.Parse(id)).Notify);
        var breachedList = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints?breached=true"));
        Assert.Equal([id], breachedList["data"]!.AsArray().Select(c => (string)c!["id"]!));
        var onTime = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints?breached=false"));
        Assert.Equal([calm], onTime["data"]!.AsArray().Select(c => (string)c!["id"]!));
        var mine = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints?assigneeUserId={agentId}"));
        Assert.Equal([id], mine["data"]!.AsArray().Select(c => (string)c!["id"]!));

        // Acknowledging late does not record the breach a second time.
        _clock.Set(Utc(3, 2, 11, 30));
        await ComplaintKit.ActAsync(api, id, "acknowledge");
        await ComplaintKit.ActAsync(api, id, "start");
        _clock.Set(Utc(3, 3, 10, 30));
        Assert.Equal(new SlaCheckResult(0, 1, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        var events = await TenantStore.WithTenantAsync(_app, tenant.TenantId, db => db.CustomerEvents
            .Where(e => e.Type == SlaBreaches.EventType).OrderBy(e => e.OccurredAt).Select(e => e.Data!).ToListAsync(Cancel));
        Assert.Equal(2, events.Count);
        Assert.Contains("\"kind\":\"first_response\"", events[0], StringComparison.Ordinal);
        Assert.Contains(agentId.ToString(), events[0], StringComparison.Ordinal);
        Assert.Contains(ownerId.ToString(), events[0], StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"resolution\"", events[1], StringComparison.Ordinal);

        // The survey goes to mail once it is due (60 minutes after resolution), and once only.
        var resolved = await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution());
        Assert.Equal(Utc(3, 3, 11, 30), (DateTime)resolved["survey"]!["dueAt"]!);
        Assert.True((bool)resolved["sla"]!["resolutionBreached"]!);
        Assert.Equal(new SlaCheckResult(0, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        _clock.Set(Utc(3, 3, 11, 31));
        Assert.Equal(new SlaCheckResult(0, 0, 1), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        Assert.Equal(new SlaCheckResult(0, 0, 0), await fixture.Job.RunForTenantAsync(info, _clock.UtcNow, Cancel));
        var sent = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
        Assert.Equal(Utc(3, 3, 11, 31), (DateTime)sent["survey"]!["sentAt"]!);
        Assert.Equal(ComplaintKit.SurveyPath(sent), fixture.Mail.Surveys.Single(s => s.ComplaintId == Guid.Parse(id)).Url);
    }

    [Fact]
    public async Task Survey_links_expire_reopening_has_a_window_and_goodwill_points_reach_the_loyalty_seam()
    {
        _clock.Set(Utc(3, 2, 10));
        var tenant = await _app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.InProgress);
        var resolved = await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution(goodwillPoints: 250));
        Assert.Contains((Guid.Parse(customerId), 250, Guid.Parse(id)), fixture.Goodwill.Grants);
        var path = ComplaintKit.SurveyPath(resolved);
        Assert.Equal(Utc(3, 16, 11), (DateTime)resolved["survey"]!["expiresAt"]!); // due after 60 minutes, valid 14 days

        var other = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.Closed);
        _clock.Set(Utc(3, 10, 10));
        Assert.Equal("in_progress", (string)(await ComplaintKit.ActAsync(api, other, "reopen"))["status"]!);

        // Past the 14-day reopen window: only close is left; past the survey's validity: 410.
        _clock.Set(Utc(3, 16, 11));
        var refused = await Expect.ProblemAsync(HttpStatusCode.Conflict, await api.PostAsync($"/v1/complaints/{id}/reopen", new { }), "complaint-transition-not-allowed");
        Assert.Equal(["close"], refused["allowedActions"]!.AsArray().Select(a => (string)a!));
        var anonymous = _app.Anonymous();
        await Expect.ProblemAsync(HttpStatusCode.Gone, await anonymous.GetAsync(path), "survey-expired");
        await Expect.ProblemAsync(HttpStatusCode.Gone, await anonymous.PostAsync(path, new { score = 5 }), "survey-expired");
        var unanswered = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
        Assert.Null(unanswered["survey"]!["answeredAt"]);

        // A longer window set by an admin applies to complaints already resolved.
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/settings/complaints"));
        settings["reopenWindowDays"] = 30;
        await Expect.StatusAsync(HttpStatusCode.OK, await api.SendAsync(HttpMethod.Put, "/v1/settings/complaints",
            new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ("If-Match", "\"1\"")));
        await ComplaintKit.ActAsync(api, id, "reopen");
        Assert.Equal(2, await ComplaintKit.OpenComplaintsAsync(api, customerId));
    }

    [Fact]
    public async Task Statistics_on_a_known_day_of_complaints()
    {
        _clock.Set(Utc(3, 9, 8));
        var tenant = await _app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);

        _clock.Set(Utc(3, 9, 9));
        var a = (string)(await ComplaintKit.CreateAsync(api, customerId, severity: 4, category: "delivery", channel: "phone"))["id"]!;
        var b = (string)(await ComplaintKit.CreateAsync(api, customerId, severity: 3, category: "product", channel: "email"))["id"]!;
        await ComplaintKit.CreateAsync(api, customerId, severity: 3, category: "billing", channel: "web");
        await ComplaintKit.CreateAsync(api, customerId, severity: 1, category: "staff", channel: "store");
        var mistake = (string)(await ComplaintKit.CreateAsync(api, customerId, severity: 2, category: "other", channel: "social"))["id"]!;
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/complaints/{mistake}", "\"1\""));

        _clock.Set(Utc(3, 9, 9, 30));
        await ComplaintKit.ActAsync(api, a, "acknowledge");
        _clock.Set(Utc(3, 9, 10));
        await ComplaintKit.ActAsync(api, a, "start");
        await ComplaintKit.ActAsync(api, b, "acknowledge");
        await ComplaintKit.ActAsync(api, b, "start");
        _clock.Set(Utc(3, 9, 10, 30));
        var resolvedA = await ComplaintKit.ActAsync(api, a, "resolve", ComplaintKit.Resolution());
        _clock.Set(Utc(3, 9, 11));
        await ComplaintKit.ActAsync(api, b, "resolve", ComplaintKit.Resolution());
        await Expect.StatusAsync(HttpStatusCode.OK, await _app.Anonymous().PostAsync(ComplaintKit.SurveyPath(resolvedA), new { score = 4 }));
        _clock.Set(Utc(3, 9, 12));
        await ComplaintKit.ActAsync(api, b, "reopen");
        _clock.Set(Utc(3, 16, 9));
        await ComplaintKit.CreateAsync(api, customerId, severity: 4, category: "service", channel: "partner"); // the next week: outside the period

        _clock.Set(Utc(3, 9, 14));
        var stats = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints/stats?from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z"));
        Assert.Equal(4, (int)stats["total"]!);
        AssertCounts(stats["byStatus"]!, ("open", 2), ("acknowledged", 0), ("in_progress", 1), ("waiting_on_customer", 0), ("resolved", 1), ("closed", 0));
        AssertCounts(stats["byCategory"]!, ("product", 1), ("service", 0), ("delivery", 1), ("staff", 1), ("billing", 1), ("other", 0));
        AssertCounts(stats["bySeverity"]!, ("1", 1), ("2", 0), ("3", 2), ("4", 1));
        AssertCounts(stats["byChannel"]!, ("phone", 1), ("email", 1), ("web", 1), ("store", 1), ("social", 0), ("partner", 0));
        Assert.Equal(45.0, (double)stats["medianFirstResponseBusinessMinutes"]!); // 30 and 60
        Assert.Equal(90.0, (double)stats["medianResolutionBusinessMinutes"]!); // A only: B was reopened
        Assert.Equal(0.25, (double)stats["breachRate"]!); // the billing complaint, unacknowledged past 13:00
        Assert.Equal(0.5, (double)stats["reopenRate"]!); // B of A and B
        Assert.Equal(4.0, (double)stats["csatAverage"]!);
        Assert.Equal(1, (int)stats["csatResponses"]!);
        Assert.Equal(1, (int)stats["surveysIssued"]!); // B's survey went void when it was reopened
        Assert.Equal(1.0, (double)stats["csatResponseRate"]!);

        var empty = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints/stats?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z"));
        Assert.Equal(0, (int)empty["total"]!);
        Assert.Null(empty["breachRate"]);
        Assert.Null(empty["csatAverage"]);
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints/stats?from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z"), "to");
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints/stats?from=yesterday"), "from");
    }

    private static void AssertCounts(JsonNode counts, params (string Key, int Count)[] expected)
    {
        Assert.Equal(expected.Length, counts.AsObject().Count);
        foreach (var (key, count) in expected)
        {
            Assert.Equal(count, (int)counts[key]!);
        }
    }
}

public sealed class ComplaintSlaOnSqlite(ClockedSqliteComplaintsApp fixture) : ComplaintSlaTests(fixture), IClassFixture<ClockedSqliteComplaintsApp>;

public sealed class ComplaintSlaOnPostgres(ClockedPostgresComplaintsApp fixture) : ComplaintSlaTests(fixture), IClassFixture<ClockedPostgresComplaintsApp>;
