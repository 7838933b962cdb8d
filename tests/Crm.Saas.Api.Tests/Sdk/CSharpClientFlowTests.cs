using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Sdk;

/// <summary>
/// The C# SDK against the real host (Kestrel on loopback, on SQLite, the embedded default, and on PostgreSQL),
/// resolved from IHttpClientFactory as a partner's app would. The flow is a list of steps sharing one tenant, so a new
/// step (redeem points, open and resolve a complaint) is one more method and one more line in the flow.
/// </summary>
public abstract class CSharpClientFlowTests(SdkHost host)
{
    private readonly CrmApp _app = host.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceProvider Services(Action<CrmSaasClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddCrmSaasClient(o =>
        {
            o.BaseAddress = _app.Anonymous().Http.BaseAddress;
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_partner_signs_up_issues_a_key_syncs_customers_records_and_refunds_a_purchase_and_pages_through_customers()
    {
        await using var services = Services();
        var anonymous = services.GetRequiredService<CrmSaasClient>();
        var flow = new Flow();

        await SignUpAsync(anonymous, flow);
        await IssueApiKeyAsync(flow);
        await CreateCustomersAsync(flow);
        await RecordAndRefundPurchaseAsync(flow);
        await AddContactAsync(flow);
        await AwardAndRedeemPointsAsync(flow);
        await OpenAndResolveComplaintAsync(flow);
        await PageThroughCustomersAsync(flow);
        await ChangeCustomerWithIfMatchAsync(flow);
    }

    private sealed class Flow
    {
        public string Slug { get; } = "sdk-cs-" + Guid.NewGuid().ToString("N")[..10];

        public CrmSaasClient Owner { get; set; } = null!;

        public CrmSaasClient Partner { get; set; } = null!;

        public List<Customer> Customers { get; } = [];
    }

    private static async Task SignUpAsync(CrmSaasClient anonymous, Flow flow)
    {
        var signup = await anonymous.SignUpAsync(new SignupRequest
        {
            CompanyName = "Acme Tea", Slug = flow.Slug, OwnerEmail = $"owner@{flow.Slug}.example", OwnerPassword = "Quiet-harbour-2026",
        }, Ct);
        Assert.Equal(flow.Slug, signup.Slug);
        flow.Owner = anonymous.WithCredential(accessToken: signup.AccessToken);

        var signedIn = await anonymous.IssueTokenAsync(new TokenRequest { Tenant = flow.Slug, Email = $"owner@{flow.Slug}.example", Password = "Quiet-harbour-2026" }, Ct);
        Assert.Equal(signup.TenantId, signedIn.TenantId);
    }

    private static async Task IssueApiKeyAsync(Flow flow)
    {
        var key = await flow.Owner.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "Shop sync",
            Scopes = [Scopes.CustomersRead, Scopes.CustomersWrite, Scopes.ContactsRead, Scopes.ContactsWrite, Scopes.PurchasesRead, Scopes.PurchasesWrite,
                Scopes.LoyaltyRead, Scopes.LoyaltyWrite, Scopes.ComplaintsRead, Scopes.ComplaintsWrite],
        }, cancellationToken: Ct);
        Assert.StartsWith("crm_live_", key.Key, StringComparison.Ordinal);
        var listed = new List<ApiKey>();
        await foreach (var k in flow.Owner.ListApiKeysAsync(cancellationToken: Ct))
        {
            listed.Add(k);
        }

        Assert.Equal([key.Prefix], listed.Select(k => k.Prefix));
        flow.Partner = flow.Owner.WithCredential(apiKey: key.Key);
    }

    private static async Task CreateCustomersAsync(Flow flow)
    {
        foreach (var (name, email) in new[] { ("Mei Lin", "mei@example.com"), ("Bo Chen", "bo@example.com"), ("Cy Wu", "cy@example.com") })
        {
            flow.Customers.Add(await flow.Partner.CreateCustomerAsync(new NewCustomer
            {
                Kind = CustomerKinds.Person, Name = name, Email = email, Tags = ["vip"], Consent = new Consent(true, false),
            }, cancellationToken: Ct));
        }

        Assert.All(flow.Customers, c => Assert.Equal("prospect", c.LifecycleStage));

        // A create retried with the same Idempotency-Key is the same customer, not a second one.
        var dee = new NewCustomer { Kind = CustomerKinds.Person, Name = "Dee Ho", Email = "dee@example.com" };
        var first = await flow.Partner.CreateCustomerAsync(dee, idempotencyKey: flow.Slug + "-dee", cancellationToken: Ct);
        var retried = await flow.Partner.CreateCustomerAsync(dee, idempotencyKey: flow.Slug + "-dee", cancellationToken: Ct);
        Assert.Equal(first.Id, retried.Id);
        flow.Customers.Add(first);
    }

    private static async Task RecordAndRefundPurchaseAsync(Flow flow)
    {
        var mei = flow.Customers[0];
        var purchase = await flow.Partner.RecordPurchaseAsync(mei.Id, new NewPurchase
        {
            Amount = 4200, Currency = "EUR", OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1), Channel = PurchaseChannels.Store,
            ExternalRef = flow.Slug + "-pos-1", Lines = [new PurchaseLine("TEA-OOLONG-100", "Oolong tea, 100 g", 2, 4200)],
        }, cancellationToken: Ct);
        Assert.Equal(4200, purchase.Amount);

        var read = await flow.Partner.GetPurchaseAsync(purchase.Id, Ct);
        Assert.Matches("^\"\\d+\"$", read.ETag);
        var refund = await flow.Partner.RefundPurchaseAsync(purchase.Id, new NewRefund { Amount = 1000, Reason = "One tin arrived dented" }, cancellationToken: Ct);
        Assert.Equal(3200, refund.RemainingAmount);

        var tooMuch = await Assert.ThrowsAsync<CrmProblemException>(() =>
            flow.Partner.RefundPurchaseAsync(purchase.Id, new NewRefund { Amount = 5000 }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Equal("3200", tooMuch.Extension("remainingAmount"));

        var customer = await flow.Partner.GetCustomerAsync(mei.Id, Ct);
        Assert.Equal("active", customer.Value.LifecycleStage);
        Assert.Equal(1, customer.Value.Stats.PurchaseCount);
        var purchases = new List<Purchase>();
        await foreach (var p in flow.Partner.ListCustomerPurchasesAsync(mei.Id, cancellationToken: Ct))
        {
            purchases.Add(p);
        }

        Assert.Equal([purchase.Id], purchases.Select(p => p.Id));
    }

    private static async Task AddContactAsync(Flow flow)
    {
        var organisation = await flow.Partner.CreateCustomerAsync(new NewCustomer { Kind = CustomerKinds.Organization, Name = "Harbour Tea Ltd" }, cancellationToken: Ct);
        flow.Customers.Add(organisation);
        var contact = await flow.Partner.AddContactAsync(organisation.Id,
            new NewContact { Name = "Ann Lee", Role = "decision_maker", Email = "ann@harbour.example", IsPrimary = true }, cancellationToken: Ct);
        Assert.True(contact.IsPrimary);
        var contacts = new List<Contact>();
        await foreach (var c in flow.Partner.ListContactsAsync(organisation.Id, cancellationToken: Ct))
        {
            contacts.Add(c);
        }

        Assert.Equal([contact.Id], contacts.Select(c => c.Id));
    }

    private static async Task AwardAndRedeemPointsAsync(Flow flow)
    {
        var mei = flow.Customers[0];
        var awarded = await flow.Partner.AwardPointsAsync(new PointsAward { Email = mei.Email, Points = 500, Reference = flow.Slug + "-welcome" },
            cancellationToken: Ct);
        Assert.Equal((mei.Id, "award", 500L), (awarded.CustomerId, awarded.Kind, awarded.Balance));

        var redeemed = await flow.Partner.RedeemPointsAsync(mei.Id, new Redemption { Points = 200, Reason = "Free sample" }, flow.Slug + "-redeem-1", Ct);
        var replayed = await flow.Partner.RedeemPointsAsync(mei.Id, new Redemption { Points = 200, Reason = "Free sample" }, flow.Slug + "-redeem-1", Ct);
        Assert.Equal((300L, redeemed.Id), (redeemed.Balance, replayed.Id));
        Assert.Equal(300, (await flow.Partner.GetLoyaltyAsync(mei.Id, Ct)).Balance);

        var tooMany = await Assert.ThrowsAsync<CrmProblemException>(() =>
            flow.Partner.RedeemPointsAsync(mei.Id, new Redemption { Points = 1000, Reason = "Everything" }, cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.Conflict, 300), (tooMany.StatusCode, tooMany.Problem.Extensions["balance"].GetInt32()));
    }

    private static async Task OpenAndResolveComplaintAsync(Flow flow)
    {
        var bo = flow.Customers[1];
        var complaint = await flow.Partner.CreateComplaintAsync(new NewComplaint
        {
            CustomerId = bo.Id, Channel = "phone", Category = "delivery", Severity = 3, Subject = "Dented tin", Description = "One tin arrived dented.",
        }, cancellationToken: Ct);
        Assert.Equal("open", complaint.Status);
        Assert.Equal(["acknowledge"], complaint.AllowedActions);
        Assert.Equal(1, (await flow.Partner.GetCustomerAsync(bo.Id, Ct)).Value.OpenComplaints);

        var refused = await Assert.ThrowsAsync<CrmProblemException>(() =>
            flow.Partner.ResolveComplaintAsync(complaint.Id, new ComplaintResolution { ResolutionNote = "Too early", RootCause = "None" }, Ct));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        await flow.Partner.AcknowledgeComplaintAsync(complaint.Id, Ct);
        await flow.Partner.StartComplaintAsync(complaint.Id, Ct);
        var resolved = await flow.Partner.ResolveComplaintAsync(complaint.Id,
            new ComplaintResolution { ResolutionNote = "Sent a new tin.", RootCause = "Packaging" }, Ct);
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal("resolved", (await flow.Partner.GetComplaintAsync(complaint.Id, Ct)).Value.Status);
        Assert.Equal(0, (await flow.Partner.GetCustomerAsync(bo.Id, Ct)).Value.OpenComplaints);
    }

    private static async Task PageThroughCustomersAsync(Flow flow)
    {
        var seen = new List<Guid>();
        await foreach (var customer in flow.Partner.ListCustomersAsync(pageSize: 2, cancellationToken: Ct))
        {
            seen.Add(customer.Id);
        }

        // Five customers over pages of two: the enumerable followed nextCursor twice, and saw each one once.
        Assert.Equal(flow.Customers.Select(c => c.Id).Order(), seen.Order());

        var vip = new List<Customer>();
        await foreach (var customer in flow.Partner.ListCustomersAsync(new CustomerQuery { Tag = "vip", Q = "mei" }, cancellationToken: Ct))
        {
            vip.Add(customer);
        }

        Assert.Equal([flow.Customers[0].Id], vip.Select(c => c.Id));
    }

    private static async Task ChangeCustomerWithIfMatchAsync(Flow flow)
    {
        var bo = await flow.Partner.GetCustomerAsync(flow.Customers[1].Id, Ct);
        var changed = await flow.Partner.UpdateCustomerAsync(bo.Value.Id, new { phone = "+886 2 2345 6789" }, bo.ETag, Ct);
        Assert.Equal("+886 2 2345 6789", changed.Phone);

        var stale = await Assert.ThrowsAsync<CrmProblemException>(() => flow.Partner.UpdateCustomerAsync(bo.Value.Id, new { phone = "+1" }, bo.ETag, Ct));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("precondition-failed", stale.Kind);

        var cleared = await flow.Partner.UpdateCustomerAsync(bo.Value.Id, new JsonObject { ["phone"] = null }, (await flow.Partner.GetCustomerAsync(bo.Value.Id, Ct)).ETag, Ct);
        Assert.Null(cleared.Phone);
    }

    [Fact]
    public async Task Creates_carry_an_idempotency_key_and_the_credential_reads_carry_no_key()
    {
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddCrmSaasClient(o => o.BaseAddress = _app.Anonymous().Http.BaseAddress).AddHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();
        var anonymous = provider.GetRequiredService<CrmSaasClient>();
        var slug = "sdk-cs-" + Guid.NewGuid().ToString("N")[..10];
        var signup = await anonymous.SignUpAsync(new SignupRequest { CompanyName = "Acme", Slug = slug, OwnerEmail = $"o@{slug}.example", OwnerPassword = "Quiet-harbour-2026" }, Ct);
        var owner = anonymous.WithCredential(accessToken: signup.AccessToken);

        var created = await owner.CreateCustomerAsync(new NewCustomer { Kind = CustomerKinds.Person, Name = "Mei Lin" }, cancellationToken: Ct);
        await owner.GetCustomerAsync(created.Id, Ct);

        var (create, read) = (recorder.Requests[^2], recorder.Requests[^1]);
        Assert.Equal((HttpMethod.Post, "/v1/customers"), (create.Method, create.Path));
        Assert.True(Guid.TryParse(create.IdempotencyKey, out _), "a create carries a fresh Idempotency-Key");
        Assert.Equal("Bearer " + signup.AccessToken, create.Authorization);
        Assert.Equal((HttpMethod.Get, (string?)null), (read.Method, read.IdempotencyKey));
        Assert.Null(recorder.Requests[0].Authorization);
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<(HttpMethod Method, string Path, string? IdempotencyKey, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null,
                request.Headers.Authorization?.ToString()));
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Errors_are_problem_exceptions_carrying_the_problem_details()
    {
        await using var services = Services();
        var anonymous = services.GetRequiredService<CrmSaasClient>();
        var slug = "sdk-cs-" + Guid.NewGuid().ToString("N")[..10];
        var signup = await anonymous.SignUpAsync(new SignupRequest { CompanyName = "Acme", Slug = slug, OwnerEmail = $"o@{slug}.example", OwnerPassword = "Quiet-harbour-2026" }, Ct);
        var owner = anonymous.WithCredential(accessToken: signup.AccessToken);

        var invalid = await Assert.ThrowsAsync<CrmProblemException>(() =>
            owner.CreateCustomerAsync(new NewCustomer { Kind = CustomerKinds.Person, Name = "", Email = "not-an-email" }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("https://crm-saas.dev/problems/validation", invalid.Problem.Type);
        Assert.Equal("validation", invalid.Kind);
        Assert.Equal(400, invalid.Problem.Status);
        Assert.False(string.IsNullOrEmpty(invalid.Problem.TraceId));
        Assert.Contains("email", invalid.Problem.Errors.Keys);
        Assert.Contains("name", invalid.Problem.Errors.Keys);

        var missing = await Assert.ThrowsAsync<CrmProblemException>(() => owner.GetCustomerAsync(Guid.CreateVersion7(), Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var readOnlyKey = await owner.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "Reader", Scopes = [Scopes.CustomersRead] }, cancellationToken: Ct);

        // A key configured once in the options, as a partner's app registers it.
        await using var partnerServices = Services(o => o.ApiKey = readOnlyKey.Key);
        var reader = partnerServices.GetRequiredService<CrmSaasClient>();
        await foreach (var _ in reader.ListCustomersAsync(cancellationToken: Ct))
        {
            Assert.Fail("a new tenant has no customers");
        }

        var denied = await Assert.ThrowsAsync<CrmProblemException>(() =>
            reader.CreateCustomerAsync(new NewCustomer { Kind = CustomerKinds.Person, Name = "Nope" }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("insufficient-scope", denied.Kind);
        Assert.Equal(Scopes.CustomersWrite, denied.Extension("requiredScope"));
    }
}

/// <summary>
/// The host the SDK flows run against, with new tenants on a plan that includes partner API keys (the flows are a
/// partner's; on a plan without them, issuing a key is refused).
/// </summary>
public abstract class SdkHost(CrmApp app) : IAsyncLifetime
{
    public CrmApp App { get; } = app;

    public async ValueTask InitializeAsync()
    {
        App.Set("Billing:NewTenantPlan", "pro");
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSdkHost() : SdkHost(new SqliteApp());

public sealed class PostgresSdkHost(PostgresServer server) : SdkHost(new PostgresApp(server));

public sealed class CSharpClientFlowOnSqlite(SqliteSdkHost host) : CSharpClientFlowTests(host), IClassFixture<SqliteSdkHost>;

public sealed class CSharpClientFlowOnPostgres(PostgresSdkHost host) : CSharpClientFlowTests(host), IClassFixture<PostgresSdkHost>;
