using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Tests.Contacts;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>A complaint's life through the API: intake, edits, every workflow move, the thread, the survey, and who may see it.</summary>
public abstract class ComplaintsApiTests(CrmApp app)
{
    [Fact]
    public async Task A_complaint_is_taken_in_read_listed_and_edited_with_if_match_and_the_customer_is_flagged()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var body = ComplaintKit.NewComplaint(customerId, severity: 4);

        using var created = await api.PostAsync("/v1/complaints", body, ("Idempotency-Key", "complaint-1"));
        var complaint = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)complaint["id"]!;
        Assert.Equal($"/v1/complaints/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("open", (string)complaint["status"]!);
        Assert.Equal(["acknowledge"], complaint["allowedActions"]!.AsArray().Select(a => (string)a!));
        var sla = complaint["sla"]!;
        Assert.True((DateTime)sla["firstResponseDueAt"]! < (DateTime)sla["resolutionDueAt"]!);
        Assert.InRange((int)sla["firstResponseRemainingMinutes"]!, 0, 60);
        Assert.InRange((int)sla["resolutionRemainingMinutes"]!, 0, 480);
        Assert.False((bool)sla["firstResponseBreached"]!);

        // The same key replays the first answer; nothing is taken in twice.
        var replay = await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/complaints", body, ("Idempotency-Key", "complaint-1")));
        Assert.Equal(id, (string)replay["id"]!);
        await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity,
            await api.PostAsync("/v1/complaints", ComplaintKit.NewComplaint(customerId, severity: 1), ("Idempotency-Key", "complaint-1")));
        Assert.Equal(1, await ComplaintKit.OpenComplaintsAsync(api, customerId));

        using var read = await api.GetAsync($"/v1/complaints/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired, await api.PatchAsync($"/v1/complaints/{id}", new { severity = 1 }, ifMatch: null));
        var edited = await Expect.JsonAsync(HttpStatusCode.OK,
            await api.PatchAsync($"/v1/complaints/{id}", new { severity = 1, subject = "Crushed parcel, second time" }, ifMatch: "\"1\""));
        Assert.Equal(1, (int)edited["severity"]!);
        Assert.Equal("Crushed parcel, second time", (string)edited["subject"]!);
        Assert.True((DateTime)edited["sla"]!["resolutionDueAt"]! > (DateTime)sla["resolutionDueAt"]!); // severity 1 has longer targets
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await api.PatchAsync($"/v1/complaints/{id}", new { severity = 2 }, ifMatch: "\"1\""));
        await Expect.ValidationErrorAsync(await api.PatchAsync($"/v1/complaints/{id}", new { severity = 5 }, ifMatch: "\"2\""), "severity");
        await Expect.ValidationErrorAsync(await api.PatchAsync($"/v1/complaints/{id}", new { status = "closed" }, ifMatch: "\"2\""), "status");

        var other = await PurchaseData.CreateCustomerAsync(api, "Jun");
        await ComplaintKit.CreateAsync(api, other, severity: 2, category: "billing");
        var all = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints"));
        Assert.Equal(2, all["data"]!.AsArray().Count);
        var dueTimes = all["data"]!.AsArray().Select(c => (DateTime)c!["sla"]!["resolutionDueAt"]!).ToList();
        Assert.Equal(dueTimes.Order(), dueTimes);
        var billing = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints?category=billing&severity=2&openOnly=true"));
        Assert.Equal(other, (string)billing["data"]![0]!["customerId"]!);
        Assert.Single(billing["data"]!.AsArray());
        var mine = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints?customerId={customerId}&status=open&breached=false"));
        Assert.Equal([id], mine["data"]!.AsArray().Select(c => (string)c!["id"]!));
        var page = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints?limit=1"));
        var next = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints?limit=1&cursor={(string)page["nextCursor"]!}"));
        Assert.NotEqual((string)page["data"]![0]!["id"]!, (string)next["data"]![0]!["id"]!);
        Assert.Null(next["nextCursor"]);
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints?status=angry"), "status");
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints?breached=maybe"), "breached");
        await Expect.ValidationErrorAsync(await api.GetAsync("/v1/complaints?cursor=nonsense"), "cursor");

        var timeline = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(["customer.created", "complaint.created", "complaint.updated"], timeline);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var other = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var othersCustomer = await PurchaseData.CreateCustomerAsync(other.Client);
        var organization = await ContactsApiTests.CreateOrganizationAsync(api);
        var contact = await ContactsApiTests.AddContactAsync(api, organization, ContactsApiTests.NewContact("Ann Lee"));
        var othersUserId = (string)(await Expect.JsonAsync(HttpStatusCode.OK, await other.Client.GetAsync("/v1/users")))["data"]![0]!["userId"]!;

        (object Body, string Field)[] cases =
        [
            (new { channel = "phone", category = "product", severity = 2, subject = "x", description = "y" }, "customerId"),
            (ComplaintKit.NewComplaint(Guid.NewGuid().ToString()), "customerId"),
            (ComplaintKit.NewComplaint(othersCustomer), "customerId"),
            (ComplaintKit.NewComplaint(customerId, severity: 0), "severity"),
            (ComplaintKit.NewComplaint(customerId, severity: 5), "severity"),
            (ComplaintKit.NewComplaint(customerId, category: "weather"), "category"),
            (ComplaintKit.NewComplaint(customerId, channel: "pigeon"), "channel"),
            (ComplaintKit.NewComplaint(customerId, subject: "   "), "subject"),
            (ComplaintKit.NewComplaint(customerId, subject: new string('x', 201)), "subject"),
            (ComplaintKit.NewComplaint(customerId, contactId: contact), "contactId"), // a contact of another customer
            (ComplaintKit.NewComplaint(organization, contactId: Guid.NewGuid().ToString()), "contactId"),
            (ComplaintKit.NewComplaint(customerId, assigneeUserId: othersUserId), "assigneeUserId"), // a member of another tenant
            (ComplaintKit.NewComplaint(customerId, assigneeUserId: Guid.NewGuid().ToString()), "assigneeUserId"),
        ];
        foreach (var (body, field) in cases)
        {
            await Expect.ValidationErrorAsync(await api.PostAsync("/v1/complaints", body), field);
        }

        await Expect.ValidationErrorAsync(await api.PostRawAsync("/v1/complaints", "{\"customerId\": 7}"), "customerId");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await api.PostRawAsync("/v1/complaints", "{not json"));

        // Another tenant's customer is refused exactly like one that exists nowhere.
        var unknown = await api.PostAsync("/v1/complaints", ComplaintKit.NewComplaint(Guid.NewGuid().ToString()));
        var foreign = await api.PostAsync("/v1/complaints", ComplaintKit.NewComplaint(othersCustomer));
        var unknownErrors = (await Expect.ProblemAsync(HttpStatusCode.BadRequest, unknown))["errors"]!.ToJsonString();
        Assert.Equal(unknownErrors, (await Expect.ProblemAsync(HttpStatusCode.BadRequest, foreign))["errors"]!.ToJsonString());

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/complaints"));
        Assert.Empty(list["data"]!.AsArray());
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(api, customerId));
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(other.Client, othersCustomer));

        // The organisation's own contact and a real member are fine.
        var ownerId = (string)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync("/v1/users")))["data"]![0]!["userId"]!;
        var ok = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/complaints", ComplaintKit.NewComplaint(organization, contactId: contact, assigneeUserId: ownerId)));
        Assert.Equal(contact, (string)ok["contactId"]!);
        await Expect.ValidationErrorAsync(
            await api.PatchAsync($"/v1/complaints/{(string)ok["id"]!}", new { assigneeUserId = othersUserId }, ifMatch: "\"1\""), "assigneeUserId");
    }

    public static TheoryData<ComplaintStatus> Statuses => new(Enum.GetValues<ComplaintStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Every_action_is_allowed_or_refused_as_the_workflow_says(ComplaintStatus status)
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var allowed = WorkflowTableTests.Expected[status];
        var word = Crm.Saas.Api.Persistence.SnakeCaseEnumConverter<ComplaintStatus>.ToWord(status);

        foreach (var action in ComplaintWorkflow.Actions)
        {
            var id = await ComplaintKit.InStatusAsync(api, customerId, status);
            var before = await ComplaintKit.OpenComplaintsAsync(api, customerId);
            using var response = await api.PostAsync($"/v1/complaints/{id}/{action}", action == "resolve" ? ComplaintKit.Resolution() : new { });
            if (allowed.Contains(action))
            {
                var moved = await Expect.JsonAsync(HttpStatusCode.OK, response);
                Assert.Equal(Crm.Saas.Api.Persistence.SnakeCaseEnumConverter<ComplaintStatus>.ToWord(ComplaintWorkflow.Target(action)), (string)moved["status"]!);
                var expectedOpen = before + (ComplaintWorkflow.IsOpen(ComplaintWorkflow.Target(action)) ? 1 : 0) - (ComplaintWorkflow.IsOpen(status) ? 1 : 0);
                Assert.Equal(expectedOpen, await ComplaintKit.OpenComplaintsAsync(api, customerId));
            }
            else
            {
                var problem = await Expect.ProblemAsync(HttpStatusCode.Conflict, response, "complaint-transition-not-allowed");
                Assert.Equal(allowed, problem["allowedActions"]!.AsArray().Select(a => (string)a!));
                Assert.Equal(word, (string)problem["currentStatus"]!);
                var unchanged = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
                Assert.Equal(word, (string)unchanged["status"]!);
                Assert.Equal(before, await ComplaintKit.OpenComplaintsAsync(api, customerId));
            }
        }
    }

    [Fact]
    public async Task Resolving_needs_a_note_and_a_root_cause_and_keeps_goodwill_points_without_a_loyalty_ledger()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.InProgress);

        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/resolve", new { rootCause = "Courier" }), "resolutionNote");
        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/resolve", new { resolutionNote = "Replaced" }), "rootCause");
        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/resolve", new { resolutionNote = " ", rootCause = "Courier" }), "resolutionNote");
        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/resolve", ComplaintKit.Resolution(goodwillPoints: -5)), "goodwillPoints");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await api.PostRawAsync($"/v1/complaints/{id}/resolve", ""));
        Assert.Equal(1, await ComplaintKit.OpenComplaintsAsync(api, customerId));

        var resolved = await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution(goodwillPoints: 500));
        Assert.Equal("resolved", (string)resolved["status"]!);
        Assert.Equal(500, (int)resolved["resolution"]!["goodwillPoints"]!);
        Assert.Equal("Courier packed heavy parcels on top", (string)resolved["resolution"]!["rootCause"]!);
        Assert.NotNull(resolved["resolvedAt"]);
        Assert.Null(resolved["sla"]!["resolutionRemainingMinutes"]);
        Assert.StartsWith("/v1/surveys/", ComplaintKit.SurveyPath(resolved), StringComparison.Ordinal);
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(api, customerId));

        await ComplaintKit.ActAsync(api, id, "close");
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(api, customerId));
        var reopened = await ComplaintKit.ActAsync(api, id, "reopen");
        Assert.Equal(1, (int)reopened["reopenCount"]!);
        Assert.Null(reopened["survey"]); // the unanswered survey's link is void; resolving again issues a new one
        Assert.Equal(1, await ComplaintKit.OpenComplaintsAsync(api, customerId));

        // Deleting an open complaint takes it off the customer's count; deleting a resolved one does not touch it.
        using var current = await api.GetAsync($"/v1/complaints/{id}");
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/complaints/{id}", current.Headers.ETag!.Tag));
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(api, customerId));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"/v1/complaints/{id}"));
        var done = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.Closed);
        using var doneRead = await api.GetAsync($"/v1/complaints/{done}");
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/complaints/{done}", doneRead.Headers.ETag!.Tag));
        Assert.Equal(0, await ComplaintKit.OpenComplaintsAsync(api, customerId));

        var types = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Equal(["complaint.created", "complaint.acknowledged", "complaint.started", "complaint.resolved", "complaint.closed", "complaint.reopened", "complaint.deleted"],
            types.Where(t => t.StartsWith("complaint.", StringComparison.Ordinal)).Take(7));
    }

    [Fact]
    public async Task The_thread_keeps_internal_and_customer_comments_in_order()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var id = (string)(await ComplaintKit.CreateAsync(api, await PurchaseData.CreateCustomerAsync(api)))["id"]!;

        var first = await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync($"/v1/complaints/{id}/comments", new { body = "Courier says the van was overloaded.", visibility = "internal" }));
        Assert.Equal("user", (string)first["authorType"]!);
        await Expect.StatusAsync(HttpStatusCode.Created,
            await api.PostAsync($"/v1/complaints/{id}/comments", new { body = "We are sorry.\nA replacement ships today.", visibility = "customer" }));
        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/comments", new { body = "x", visibility = "public" }), "visibility");
        await Expect.ValidationErrorAsync(await api.PostAsync($"/v1/complaints/{id}/comments", new { body = "", visibility = "internal" }), "body");
        await Expect.ProblemAsync(HttpStatusCode.NotFound,
            await api.PostAsync($"/v1/complaints/{Guid.NewGuid()}/comments", new { body = "Lost", visibility = "internal" }));

        var thread = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}/comments"));
        Assert.Equal(["internal", "customer"], thread["data"]!.AsArray().Select(c => (string)c!["visibility"]!));
        Assert.Equal("We are sorry.\nA replacement ships today.", (string)thread["data"]![1]!["body"]!);
    }

    [Fact]
    public async Task The_survey_link_works_once_without_login_and_shows_nothing_internal()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.Resolved);
        var complaint = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
        var path = ComplaintKit.SurveyPath(complaint);
        var anonymous = app.Anonymous();

        using var shown = await anonymous.GetAsync(path);
        var question = await Expect.JsonAsync(HttpStatusCode.OK, shown);
        Assert.Equal($"Company {tenant.Slug}", (string)question["company"]!);
        Assert.False((bool)question["answered"]!);
        var raw = await shown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("crushed", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(id, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(customerId, raw, StringComparison.OrdinalIgnoreCase);

        // Altered or made-up links are a plain 404, like a link that never existed.
        var token = path["/v1/surveys/".Length..];
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var notFound = await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.GetAsync($"/v1/surveys/{tampered}"));
        var nonsense = await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/v1/surveys/not-a-token"));
        Assert.Equal((string)notFound["detail"]!, (string)nonsense["detail"]!);
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.PostAsync($"/v1/surveys/{tampered}", new { score = 5 }));

        await Expect.ValidationErrorAsync(await anonymous.PostAsync(path, new { score = 6 }), "score");
        await Expect.ValidationErrorAsync(await anonymous.PostAsync(path, new { score = 0 }), "score");
        var thanks = await Expect.JsonAsync(HttpStatusCode.OK, await anonymous.PostAsync(path, new { score = 4, comment = "Quick and friendly." }));
        Assert.Equal(4, (int)thanks["score"]!);
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await anonymous.PostAsync(path, new { score = 1 }), "survey-answered");
        Assert.True((bool)(await Expect.JsonAsync(HttpStatusCode.OK, await anonymous.GetAsync(path)))["answered"]!);

        var answered = await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}"));
        Assert.Equal(4, (int)answered["survey"]!["score"]!);
        Assert.Equal("Quick and friendly.", (string)answered["survey"]!["comment"]!);
        Assert.Contains("complaint.survey_answered", await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId));

        // Reopened and resolved again: the answered survey stands, no second one is issued.
        await ComplaintKit.ActAsync(api, id, "reopen");
        var again = await ComplaintKit.ActAsync(api, id, "resolve", ComplaintKit.Resolution());
        Assert.Equal(path, ComplaintKit.SurveyPath(again));
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await anonymous.PostAsync(path, new { score = 1 }), "survey-answered");
    }

    [Fact]
    public async Task Of_racing_survey_answers_exactly_one_is_recorded()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var api = tenant.Client;
        var customerId = await PurchaseData.CreateCustomerAsync(api);
        var id = await ComplaintKit.InStatusAsync(api, customerId, ComplaintStatus.Resolved);
        var path = ComplaintKit.SurveyPath(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/complaints/{id}")));

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            using var response = await app.Anonymous().PostAsync(path, new { score = i % 5 + 1 });
            return response.StatusCode;
        }));
        Assert.Single(answers, s => s == HttpStatusCode.OK);
        Assert.All(answers, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {s}"));
        var events = await TenantStore.TimelineTypesAsync(app, tenant.TenantId, customerId);
        Assert.Single(events, e => e == "complaint.survey_answered");
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_touch_a_complaint()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var customerId = await PurchaseData.CreateCustomerAsync(a.Client);
        var id = await ComplaintKit.InStatusAsync(a.Client, customerId, ComplaintStatus.InProgress);
        await ComplaintKit.CreateAsync(b.Client, await PurchaseData.CreateCustomerAsync(b.Client));

        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", $"/v1/complaints/{id}", null),
                     ("PATCH", $"/v1/complaints/{id}", new { severity = 1 }),
                     ("DELETE", $"/v1/complaints/{id}", null),
                     ("POST", $"/v1/complaints/{id}/resolve", ComplaintKit.Resolution()),
                     ("POST", $"/v1/complaints/{id}/wait", new { }),
                     ("POST", $"/v1/complaints/{id}/comments", new { body = "Hello", visibility = "internal" }),
                     ("GET", $"/v1/complaints/{id}/comments", null),
                 })
        {
            var content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, options: CrmClient.Json);
            using var response = await b.Client.SendAsync(new HttpMethod(method), path, content, ("If-Match", "*"));
            await Expect.ProblemAsync(HttpStatusCode.NotFound, response, "not-found");
        }

        var list = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync($"/v1/complaints?customerId={customerId}"));
        Assert.Empty(list["data"]!.AsArray());
        var stats = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/complaints/stats"));
        Assert.Equal(1, (int)stats["total"]!); // B's own only

        var untouched = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/complaints/{id}"));
        Assert.Equal("in_progress", (string)untouched["status"]!);
        Assert.Equal(3, (int)untouched["severity"]!);
        var thread = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/complaints/{id}/comments"));
        Assert.Empty(thread["data"]!.AsArray());
    }

    [Fact]
    public async Task Admins_replace_the_settings_with_if_match_agents_only_read_them_and_bad_settings_are_refused()
    {
        var owner = await app.Anonymous().SignUpAsync();
        using var defaults = await owner.Client.GetAsync("/v1/settings/complaints");
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, defaults);
        Assert.Equal("\"1\"", defaults.Headers.ETag?.Tag);
        Assert.Equal(60, (int)settings["sla"]!["severity4"]!["firstResponseMinutes"]!);
        Assert.Equal(480, (int)settings["sla"]!["severity4"]!["resolutionMinutes"]!);
        Assert.Equal(10080, (int)settings["sla"]!["severity1"]!["resolutionMinutes"]!);
        Assert.Equal("UTC", (string)settings["businessHours"]!["timeZone"]!);

        settings["businessHours"]!["timeZone"] = "Europe/Berlin";
        settings["businessHours"]!["holidays"] = new JsonArray("2026-12-25", "2026-12-24");
        settings["reopenWindowDays"] = 7;
        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired, await Put(owner.Client, settings, null));
        var stored = await Expect.JsonAsync(HttpStatusCode.OK, await Put(owner.Client, settings, "\"1\""));
        Assert.Equal(["2026-12-24", "2026-12-25"], stored["businessHours"]!["holidays"]!.AsArray().Select(h => (string)h!));
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await Put(owner.Client, settings, "\"1\""));

        var agent = await owner.InviteAndAcceptAsync(app, "agent");
        var read = await Expect.JsonAsync(HttpStatusCode.OK, await agent.Client.GetAsync("/v1/settings/complaints"));
        Assert.Equal("Europe/Berlin", (string)read["businessHours"]!["timeZone"]!);
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await Put(agent.Client, settings, "\"2\""));

        (Action<JsonObject> Break, string Field)[] cases =
        [
            (s => s["businessHours"]!["timeZone"] = "Mars/Olympus_Mons", "businessHours.timeZone"),
            (s => s["businessHours"]!["opens"] = "9am", "businessHours.opens"),
            (s => s["businessHours"]!["closes"] = "08:00", "businessHours.closes"),
            (s => s["businessHours"]!["days"] = new JsonArray(), "businessHours.days"),
            (s => s["sla"]!["severity2"] = null, "sla.severity2"),
            (s => s["sla"]!["severity3"]!["resolutionMinutes"] = 10, "sla.severity3.resolutionMinutes"),
            (s => s["sla"]!["severity4"]!["firstResponseMinutes"] = 0, "sla.severity4.firstResponseMinutes"),
            (s => s["reopenWindowDays"] = -1, "reopenWindowDays"),
            (s => s["surveyValidDays"] = 0, "surveyValidDays"),
        ];
        foreach (var (breakIt, field) in cases)
        {
            var broken = JsonNode.Parse(read.ToJsonString())!.AsObject();
            breakIt(broken);
            await Expect.ValidationErrorAsync(await Put(owner.Client, broken, "\"2\""), field);
        }

        using var unchanged = await owner.Client.GetAsync("/v1/settings/complaints");
        Assert.Equal("\"2\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task The_anonymous_survey_routes_are_rate_limited_per_address()
    {
        await using var limited = app.Sibling(settings: new Dictionary<string, string?> { ["RateLimits:PublicLinksPerMinute"] = "2" });
        await limited.InitializeAsync();
        var anonymous = limited.Anonymous();
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/v1/surveys/guessing-1"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.PostAsync("/v1/surveys/guessing-2", new { score = 5 }));
        using var refused = await anonymous.GetAsync("/v1/surveys/guessing-3");
        await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, refused, "rate-limited");
        Assert.True(refused.Headers.RetryAfter is not null);
        await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, await anonymous.PostAsync("/v1/surveys/guessing-4", new { score = 5 }), "rate-limited");
    }

    [Fact]
    public async Task Settings_with_a_stale_or_missing_if_match_are_a_412_or_428_before_the_body_is_checked()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/settings/complaints"));
        settings["reopenWindowDays"] = 21;
        await Expect.StatusAsync(HttpStatusCode.OK, await Put(owner.Client, settings, "\"1\""));

        var broken = JsonNode.Parse(settings.ToJsonString())!.AsObject();
        broken["reopenWindowDays"] = -1;
        broken["sla"] = null;
        await Expect.ProblemAsync(HttpStatusCode.PreconditionFailed, await Put(owner.Client, broken, "\"1\""), "precondition-failed");
        await Expect.ProblemAsync(HttpStatusCode.PreconditionRequired, await Put(owner.Client, broken, null), "precondition-required");
        await Expect.ValidationErrorAsync(await Put(owner.Client, broken, "\"2\""), "reopenWindowDays");

        using var unchanged = await owner.Client.GetAsync("/v1/settings/complaints");
        Assert.Equal(21, (int)(await Expect.JsonAsync(HttpStatusCode.OK, unchanged))["reopenWindowDays"]!);
        Assert.Equal("\"2\"", unchanged.Headers.ETag?.Tag);
    }

    private static Task<HttpResponseMessage> Put(CrmClient client, JsonObject settings, string? ifMatch) =>
        client.SendAsync(HttpMethod.Put, "/v1/settings/complaints",
            new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            ifMatch is null ? [] : [("If-Match", ifMatch)]);
}

public sealed class ComplaintsApiOnSqlite(SqliteApp app) : ComplaintsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ComplaintsApiOnPostgres(PostgresApp app) : ComplaintsApiTests(app), IClassFixture<PostgresApp>;
