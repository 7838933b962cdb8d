using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Tenancy;

/// <summary>
/// The isolation suite over the application's own route table, not a hand-kept list of tests: every /v1 endpoint is
/// called with tenant B's credentials. On A's ids it must answer exactly as for ids that exist nowhere (404, or a 403
/// that does not depend on the id); without an id, on A's host it must refuse (403); lists must never show A's ids.
/// An endpoint added without a probe below makes this suite fail until someone says how to aim it at A's data.
/// </summary>
public abstract class RouteIsolationTests(CrmApp app)
{
    /// <summary>Endpoints anyone may call (no tenant credential): reviewed by hand, listed here on purpose.</summary>
    private static readonly HashSet<string> PublicEndpoints =
    [
        "POST /v1/signup", "POST /v1/auth/token", "POST /v1/auth/refresh", "POST /v1/auth/logout", "POST /v1/invitations/accept",
        "GET /v1/surveys/{token}", "POST /v1/surveys/{token}", // the signed survey link is the credential; it names its tenant itself
        "GET /v1/public/unsubscribe", "POST /v1/public/unsubscribe",
        "POST /v1/billing/stripe/webhook", // Stripe's deliveries: authenticated by their signature, see Billing/BillingScenarioTests
    ];

    /// <summary>How to aim an endpoint with ids at tenant A's data, and a valid body for it.</summary>
    private static readonly Dictionary<string, (Func<Seed, string> Path, object? Body)> Probes = new()
    {
        ["GET /v1/customers/{id:guid}"] = (s => $"/v1/customers/{s.CustomerId}", null),
        ["PATCH /v1/customers/{id:guid}"] = (s => $"/v1/customers/{s.CustomerId}", new { name = "Taken over" }),
        ["DELETE /v1/customers/{id:guid}"] = (s => $"/v1/customers/{s.CustomerId}", null),
        ["PATCH /v1/users/{userId:guid}"] = (s => $"/v1/users/{s.AgentUserId}", new { role = "admin" }),
        ["DELETE /v1/users/{userId:guid}"] = (s => $"/v1/users/{s.AgentUserId}", null),
        ["DELETE /v1/users/invitations/{id:guid}"] = (s => $"/v1/users/invitations/{s.InvitationId}", null),
        ["GET /v1/api-keys/{id:guid}"] = (s => $"/v1/api-keys/{s.ApiKeyId}", null),
        ["DELETE /v1/api-keys/{id:guid}"] = (s => $"/v1/api-keys/{s.ApiKeyId}", null),
        ["PUT /v1/customers/by-external-id/{externalId}"] = (s => $"/v1/customers/by-external-id/{s.CustomerExternalId}", new { kind = "person", name = "Taken over" }),
        ["POST /v1/customers/{customerId:guid}/purchases"] = (s => $"/v1/customers/{s.CustomerId}/purchases", Purchases.PurchaseData.NewPurchase()),
        ["GET /v1/customers/{customerId:guid}/purchases"] = (s => $"/v1/customers/{s.CustomerId}/purchases", null),
        ["GET /v1/purchases/{id:guid}"] = (s => $"/v1/purchases/{s.PurchaseId}", null),
        ["POST /v1/purchases/{id:guid}/refunds"] = (s => $"/v1/purchases/{s.PurchaseId}/refunds", new { amount = 1 }),
        ["POST /v1/customers/{customerId:guid}/contacts"] = (s => $"/v1/customers/{s.OrganizationId}/contacts", Contacts.ContactsApiTests.NewContact("Intruder", email: null)),
        ["GET /v1/customers/{customerId:guid}/contacts"] = (s => $"/v1/customers/{s.OrganizationId}/contacts", null),
        ["GET /v1/customers/{customerId:guid}/contacts/{id:guid}"] = (s => $"/v1/customers/{s.OrganizationId}/contacts/{s.ContactId}", null),
        ["PATCH /v1/customers/{customerId:guid}/contacts/{id:guid}"] = (s => $"/v1/customers/{s.OrganizationId}/contacts/{s.ContactId}", new { name = "Taken over" }),
        ["DELETE /v1/customers/{customerId:guid}/contacts/{id:guid}"] = (s => $"/v1/customers/{s.OrganizationId}/contacts/{s.ContactId}", null),
        ["POST /v1/customers/{customerId:guid}/interactions"] = (s => $"/v1/customers/{s.OrganizationId}/interactions", Interactions.InteractionsApiTests.NewInteraction(DateTimeOffset.UtcNow.AddHours(-1), "Intrusion")),
        ["GET /v1/customers/{customerId:guid}/interactions"] = (s => $"/v1/customers/{s.OrganizationId}/interactions", null),
        ["GET /v1/interactions/{id:guid}"] = (s => $"/v1/interactions/{s.InteractionId}", null),
        ["GET /v1/customers/{customerId:guid}/timeline"] = (s => $"/v1/customers/{s.OrganizationId}/timeline", null),
        ["GET /v1/customers/{customerId:guid}/loyalty"] = (s => $"/v1/customers/{s.CustomerId}/loyalty", null),
        ["GET /v1/customers/{customerId:guid}/loyalty/entries"] = (s => $"/v1/customers/{s.CustomerId}/loyalty/entries", null),
        ["POST /v1/customers/{customerId:guid}/loyalty/redeem"] = (s => $"/v1/customers/{s.CustomerId}/loyalty/redeem", new { points = 1, reason = "Intrusion" }),
        ["POST /v1/customers/{customerId:guid}/loyalty/adjust"] = (s => $"/v1/customers/{s.CustomerId}/loyalty/adjust", new { points = -1, reason = "Intrusion" }),
        ["GET /v1/complaints/{id:guid}"] = (s => $"/v1/complaints/{s.ComplaintId}", null),
        ["PATCH /v1/complaints/{id:guid}"] = (s => $"/v1/complaints/{s.ComplaintId}", new { severity = 1 }),
        ["DELETE /v1/complaints/{id:guid}"] = (s => $"/v1/complaints/{s.ComplaintId}", null),
        ["POST /v1/complaints/{id:guid}/acknowledge"] = (s => $"/v1/complaints/{s.ComplaintId}/acknowledge", new { }),
        ["POST /v1/complaints/{id:guid}/start"] = (s => $"/v1/complaints/{s.ComplaintId}/start", new { }),
        ["POST /v1/complaints/{id:guid}/wait"] = (s => $"/v1/complaints/{s.ComplaintId}/wait", new { }),
        ["POST /v1/complaints/{id:guid}/resume"] = (s => $"/v1/complaints/{s.ComplaintId}/resume", new { }),
        ["POST /v1/complaints/{id:guid}/resolve"] = (s => $"/v1/complaints/{s.ComplaintId}/resolve", Complaints.ComplaintKit.Resolution(goodwillPoints: 10)),
        ["POST /v1/complaints/{id:guid}/close"] = (s => $"/v1/complaints/{s.ComplaintId}/close", new { }),
        ["POST /v1/complaints/{id:guid}/reopen"] = (s => $"/v1/complaints/{s.ComplaintId}/reopen", new { }),
        ["POST /v1/complaints/{id:guid}/comments"] = (s => $"/v1/complaints/{s.ComplaintId}/comments", new { body = "Intrusion", visibility = "internal" }),
        ["GET /v1/complaints/{id:guid}/comments"] = (s => $"/v1/complaints/{s.ComplaintId}/comments", null),
        ["GET /v1/mail-templates/{kind}/{lang}"] = (_ => "/v1/mail-templates/welcome/en", null),
        ["PUT /v1/mail-templates/{kind}/{lang}"] = (_ => "/v1/mail-templates/welcome/en", new { subject = "B's own {{customer.name}}", htmlBody = "<p>B</p>", textBody = "B" }),
        ["POST /v1/mail-templates/{kind}/{lang}/preview"] = (_ => "/v1/mail-templates/welcome/en/preview", new { }),
    };

    /// <summary>Keyed by a name every tenant has (a template's kind and language): B always reaches B's own, never A's.</summary>
    private static readonly HashSet<string> OwnPerTenant =
        ["GET /v1/mail-templates/{kind}/{lang}", "PUT /v1/mail-templates/{kind}/{lang}", "POST /v1/mail-templates/{kind}/{lang}/preview"];

    /// <summary>Upserts by a partner's own key: B using A's key makes B's own record, exactly as with a fresh key.</summary>
    private static readonly HashSet<string> Upserts = ["PUT /v1/customers/by-external-id/{externalId}"];

    /// <summary>Valid bodies for endpoints without ids, so that a refusal is about the tenant, not the input.</summary>
    private static readonly Dictionary<string, object> Bodies = new()
    {
        ["POST /v1/customers"] = Customers.CustomersApiTests.NewCustomer("Intruder", "intruder@b.example.com"),
        ["POST /v1/users/invitations"] = new { email = "intruder@b.example.com", role = "agent" },
        ["POST /v1/api-keys"] = new { name = "Intruder", scopes = new[] { "customers:read" } },
        ["PATCH /v1/settings/lifecycle"] = new { lapseDays = 7 },
        ["PUT /v1/loyalty/program"] = Loyalty.LoyaltyKit.Program(validityMonths: 1),
        ["POST /v1/loyalty/awards"] = new { externalId = "only-a-ext", points = 1, reference = "intrusion" },
        ["POST /v1/complaints"] = Complaints.ComplaintKit.NewComplaint(Guid.CreateVersion7().ToString()),
        ["PUT /v1/settings/complaints"] = Crm.Saas.Api.Features.Complaints.ComplaintSettingsDocument.Defaults,
        ["PUT /v1/campaigns/win-back"] = new { enabled = false, maxPerRun = 1 },
        ["POST /v1/billing/checkout"] = new { plan = "starter" },
    };

    [Fact]
    public async Task Every_endpoint_keeps_tenant_a_invisible_to_tenant_b()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var seed = await SeedAsync(a);
        var bKey = await ApiKeys.ApiKeyKit.IssueAsync(b.Client, [.. Crm.Saas.Api.Infrastructure.Auth.Scopes.All]);
        var uncovered = new List<string>();
        var checkedCount = 0;

        // B's owner, and B's partner key holding every scope: neither may reach A.
        foreach (var (credential, client) in new[] { ("owner token", b.Client), ("api key", ApiKeys.ApiKeyKit.Client(app, bKey.Key)) })
        foreach (var (key, pattern, method, endpoint) in Endpoints())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(PublicEndpoints.Contains(key), $"{key} allows anonymous callers but is not in the reviewed public list");
                continue;
            }

            if (pattern.Parameters.Count > 0)
            {
                if (!Probes.TryGetValue(key, out var probe))
                {
                    uncovered.Add(key);
                    continue;
                }

                var onA = await SendAsync(client, method, probe.Path(seed), probe.Body);
                var onNothing = await SendAsync(client, method, probe.Path(Seed.Nowhere with { CustomerExternalId = "never-used-" + Guid.NewGuid() }), probe.Body);
                if (OwnPerTenant.Contains(key))
                {
                    Assert.True(onA.Status is HttpStatusCode.OK or HttpStatusCode.Forbidden && onNothing.Status == onA.Status, $"{key} ({credential}): {onA.Status} vs {onNothing.Status}");
                    Assert.DoesNotContain("Only A subject", onA.Body?.ToJsonString() ?? "", StringComparison.Ordinal);
                    checkedCount++;
                    continue;
                }

                if (Upserts.Contains(key))
                {
                    // 201 the first time B uses the key, 200 after: B's own record either way; A's is checked untouched below.
                    Assert.True(onA.Status is HttpStatusCode.Created or HttpStatusCode.OK && onNothing.Status == HttpStatusCode.Created,
                        $"{key} ({credential}): {onA.Status} vs {onNothing.Status}");
                    checkedCount++;
                    continue;
                }

                Assert.True(onA.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{key} ({credential}) on A's id answered {onA.Status}: {onA.Body}");
                Assert.Equal(onNothing.Status, onA.Status);
                Assert.True(JsonNode.DeepEquals(onNothing.Body, onA.Body), $"{key} ({credential}) tells A's ids apart: {onA.Body} vs {onNothing.Body}");
            }
            else
            {
                var onAsHost = await SendAsync(client, method, pattern.RawText!.TrimEnd('/'), Bodies.GetValueOrDefault(key), $"{a.Slug}.crm.test");
                Assert.True(onAsHost.Status == HttpStatusCode.Forbidden, $"{key} with B's {credential} on A's host answered {onAsHost.Status}");
                if (method == "GET")
                {
                    var list = await SendAsync(client, method, pattern.RawText!.TrimEnd('/'), null);
                    var allowed = list.Status == HttpStatusCode.OK || (credential == "api key" && list.Status == HttpStatusCode.Forbidden);
                    Assert.True(allowed, $"{key} answered {list.Status} to its own tenant's {credential}");
                    foreach (var id in seed.All)
                    {
                        Assert.DoesNotContain(id, list.Body?.ToJsonString() ?? "", StringComparison.OrdinalIgnoreCase);
                    }
                }
            }

            checkedCount++;
        }

        Assert.True(uncovered.Count == 0, "Endpoints with ids but no isolation probe: " + string.Join(", ", uncovered));
        Assert.True(checkedCount >= Probes.Count, $"only {checkedCount} endpoints were checked");
        await AssertUntouchedAsync(a, seed);
    }

    private IEnumerable<(string Key, Microsoft.AspNetCore.Routing.Patterns.RoutePattern Pattern, string Method, RouteEndpoint Endpoint)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            // Group roots mapped as "/" carry a trailing slash in the route table; keys are written without it.
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => ($"{m} {e.RoutePattern.RawText!.TrimEnd('/')}", e.RoutePattern, m, e)))
            .OrderBy(e => e.Item1);

    private async Task<Seed> SeedAsync(TenantSession a)
    {
        var customer = await Expect.JsonAsync(HttpStatusCode.Created,
            await a.Client.PostAsync("/v1/customers", new { kind = "organization", name = "Only A", email = "only-a@a.example.com", externalId = "only-a-ext" }));
        var agent = await a.InviteAndAcceptAsync(app, "agent");
        var agentId = (await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/users")))["data"]!.AsArray()
            .Single(m => (string)m!["email"]! == agent.Email)!["userId"]!.ToString();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/users/invitations", new { email = "pending@a.example.com", role = "agent" }));
        var key = await ApiKeys.ApiKeyKit.IssueAsync(a.Client);
        var purchaseId = await Purchases.PurchaseData.RecordAsync(a.Client, (string)customer["id"]!);
        await Loyalty.LoyaltyKit.GrantAsync(a.Client, (string)customer["id"]!, 100);
        var organization = await Contacts.ContactsApiTests.CreateOrganizationAsync(a.Client, "Only A Ltd");
        var contact = await Contacts.ContactsApiTests.AddContactAsync(a.Client, organization, Contacts.ContactsApiTests.NewContact("Only A Contact"));
        await Expect.StatusAsync(HttpStatusCode.OK, await a.Client.SendAsync(HttpMethod.Put, "/v1/mail-templates/welcome/en",
            System.Net.Http.Json.JsonContent.Create(new { subject = "Only A subject {{customer.name}}", htmlBody = "<p>A</p>", textBody = "A" })));
        var interaction = await Expect.JsonAsync(HttpStatusCode.Created, await a.Client.PostAsync($"/v1/customers/{organization}/interactions",
            Interactions.InteractionsApiTests.NewInteraction(DateTimeOffset.UtcNow.AddHours(-2), "Only A's call", contactId: contact)));
        var complaint = await Complaints.ComplaintKit.CreateAsync(a.Client, (string)customer["id"]!);
        return new Seed((string)customer["id"]!, agentId, (string)invitation["id"]!, key.Id, "only-a-ext", purchaseId, organization, contact, (string)interaction["id"]!,
            (string)complaint["id"]!);
    }

    private static async Task AssertUntouchedAsync(TenantSession a, Seed seed)
    {
        using var customer = await a.Client.GetAsync($"/v1/customers/{seed.CustomerId}");
        Assert.Equal("\"3\"", customer.Headers.ETag?.Tag); // created, then its purchase, then its complaint (openComplaints)
        using var purchase = await a.Client.GetAsync($"/v1/purchases/{seed.PurchaseId}");
        Assert.Equal("\"1\"", purchase.Headers.ETag?.Tag);
        Assert.Equal(100, await Loyalty.LoyaltyKit.BalanceAsync(a.Client, seed.CustomerId));
        Assert.Single(await Loyalty.LoyaltyKit.EntriesAsync(a.Client, seed.CustomerId));
        var program = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/loyalty/program"));
        Assert.False((bool)program["enabled"]!);
        var settings = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/settings/lifecycle"));
        Assert.Equal(90, (int)settings["lapseDays"]!);
        var members = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/users"));
        Assert.Contains(members["data"]!.AsArray(), m => (string)m!["userId"]! == seed.AgentUserId && (string)m["role"]! == "agent");
        var invitations = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/users/invitations"));
        Assert.Contains(invitations["data"]!.AsArray(), i => (string)i!["id"]! == seed.InvitationId);
        var customers = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/customers"));
        Assert.Equal(2, customers["data"]!.AsArray().Count);
        var key = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/api-keys/{seed.ApiKeyId}"));
        Assert.Null(key["revokedAt"]);
        using var contact = await a.Client.GetAsync($"/v1/customers/{seed.OrganizationId}/contacts/{seed.ContactId}");
        Assert.Equal("\"1\"", contact.Headers.ETag?.Tag);
        var contacts = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{seed.OrganizationId}/contacts"));
        Assert.Single(contacts["data"]!.AsArray());
        var interactions = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{seed.OrganizationId}/interactions"));
        Assert.Equal([seed.InteractionId], interactions["data"]!.AsArray().Select(i => (string)i!["id"]!));
        var template = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/mail-templates/welcome/en"));
        Assert.Equal("Only A subject {{customer.name}}", (string)template["subject"]!);
        var timeline = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{seed.OrganizationId}/timeline"));
        Assert.Equal(["contact.added", "customer.created", "interaction.logged"], timeline["data"]!.AsArray().Select(e => (string)e!["type"]!));
        using var complaint = await a.Client.GetAsync($"/v1/complaints/{seed.ComplaintId}");
        Assert.Equal("\"1\"", complaint.Headers.ETag?.Tag);
        var complaintBody = await Expect.JsonAsync(HttpStatusCode.OK, complaint);
        Assert.Equal("open", (string)complaintBody["status"]!);
        Assert.Equal(1, (int)(await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/customers/{seed.CustomerId}")))["openComplaints"]!);
        var thread = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync($"/v1/complaints/{seed.ComplaintId}/comments"));
        Assert.Empty(thread["data"]!.AsArray());
        var complaintSettings = await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/settings/complaints"));
        Assert.Equal("UTC", (string)complaintSettings["businessHours"]!["timeZone"]!);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(CrmClient client, string method, string path, object? body, string? host = null)
    {
        // A fresh Idempotency-Key, so that endpoints requiring one answer about the tenant rather than the header.
        var headers = new List<(string, string)> { ("If-Match", "*"), ("Idempotency-Key", Guid.NewGuid().ToString()) };
        if (host is not null)
        {
            headers.Add(("Host", host));
        }

        var content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, options: CrmClient.Json);
        using var response = await client.SendAsync(new HttpMethod(method), path, content, [.. headers]);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        json?.AsObject().Remove("traceId");
        return (response.StatusCode, json);
    }

    private sealed record Seed(
        string CustomerId, string AgentUserId, string InvitationId, string ApiKeyId, string CustomerExternalId, string PurchaseId,
        string OrganizationId, string ContactId, string InteractionId, string ComplaintId)
    {
        public static readonly Seed Nowhere = new(
            Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(),
            "nowhere", Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(),
            Guid.CreateVersion7().ToString());

        public IEnumerable<string> All => [CustomerId, AgentUserId, InvitationId, ApiKeyId, PurchaseId, OrganizationId, ContactId, InteractionId, ComplaintId];
    }
}

public sealed class RouteIsolationOnSqlite(SqliteApp app) : RouteIsolationTests(app), IClassFixture<SqliteApp>;

public sealed class RouteIsolationOnPostgres(PostgresApp app) : RouteIsolationTests(app), IClassFixture<PostgresApp>;
