using System.Net;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Features.Complaints;
using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>Bodies and shortcuts the complaint tests share.</summary>
internal static class ComplaintKit
{
    public static object NewComplaint(string customerId, int severity = 3, string category = "delivery", string channel = "phone",
        string subject = "Parcel arrived crushed", string? contactId = null, string? assigneeUserId = null) => new
    {
        customerId,
        contactId,
        channel,
        category,
        severity,
        subject,
        description = "The tea tins were dented and one had split open.",
        assigneeUserId,
    };

    public static object Resolution(int? goodwillPoints = null) =>
        new { resolutionNote = "Replaced both tins and refunded the shipping.", rootCause = "Courier packed heavy parcels on top", goodwillPoints };

    public static async Task<JsonObject> CreateAsync(CrmClient api, string customerId, int severity = 3, string category = "delivery", string channel = "phone")
    {
        return await Expect.JsonAsync(HttpStatusCode.Created,
            await api.PostAsync("/v1/complaints", NewComplaint(customerId, severity, category, channel)));
    }

    public static async Task<JsonObject> ActAsync(CrmClient api, string id, string action, object? body = null) =>
        await Expect.JsonAsync(HttpStatusCode.OK, await api.PostAsync($"/v1/complaints/{id}/{action}", body ?? new { }));

    /// <summary>Walks a new complaint along the workflow to <paramref name="status"/>.</summary>
    public static async Task<string> InStatusAsync(CrmClient api, string customerId, ComplaintStatus status)
    {
        var id = (string)(await CreateAsync(api, customerId))["id"]!;
        string[] path = status switch
        {
            ComplaintStatus.Open => [],
            ComplaintStatus.Acknowledged => ["acknowledge"],
            ComplaintStatus.InProgress => ["acknowledge", "start"],
            ComplaintStatus.WaitingOnCustomer => ["acknowledge", "start", "wait"],
            ComplaintStatus.Resolved => ["acknowledge", "start", "resolve"],
            _ => ["acknowledge", "start", "resolve", "close"],
        };
        foreach (var action in path)
        {
            await ActAsync(api, id, action, action == "resolve" ? Resolution() : null);
        }

        return id;
    }

    public static async Task<int> OpenComplaintsAsync(CrmClient api, string customerId) =>
        (int)(await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{customerId}")))["openComplaints"]!;

    /// <summary>The path part of a survey URL (links are relative without Complaints:PublicBaseUrl).</summary>
    public static string SurveyPath(JsonObject complaint) => (string)complaint["survey"]!["url"]!;
}

/// <summary>Records what the complaints feature hands to the loyalty ledger.</summary>
public sealed class RecordingGoodwill : IGoodwillPoints
{
    public List<(Guid CustomerId, int Points, Guid ComplaintId)> Grants { get; } = [];

    public Task GrantAsync(TenantDbContext db, Guid customerId, int points, Guid complaintId, DateTime at, CancellationToken cancellationToken)
    {
        lock (Grants)
        {
            Grants.Add((customerId, points, complaintId));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Records what the complaints feature hands to the mail pipeline.</summary>
public sealed class RecordingComplaintMail : IComplaintMail
{
    public List<(Guid ComplaintId, SlaBreachKind Kind, Guid[] Notify)> Breaches { get; } = [];

    public List<(Guid ComplaintId, string Url)> Surveys { get; } = [];

    public Task SlaBreachedAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, SlaBreachKind kind, IReadOnlyCollection<Guid> notifyUserIds,
        DateTime at, CancellationToken cancellationToken)
    {
        lock (Breaches)
        {
            Breaches.Add((complaint.Id, kind, [.. notifyUserIds]));
        }

        return Task.CompletedTask;
    }

    public Task<bool> SurveyDueAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, string surveyUrl, DateTime at, CancellationToken cancellationToken)
    {
        lock (Surveys)
        {
            Surveys.Add((complaint.Id, surveyUrl));
        }

        return Task.FromResult(true);
    }
}

/// <summary>
/// A host on a test clock with the loyalty and mail seams filled by recorders; the background SLA job is off so
/// that only the test runs it. Shared by a test class (its tests run one after another, each setting the clock).
/// </summary>
public abstract class ClockedComplaintsApp : IAsyncLifetime
{
    public TestClock Clock { get; } = new();

    public RecordingGoodwill Goodwill { get; } = new();

    public RecordingComplaintMail Mail { get; } = new();

    public CrmApp App { get; private set; } = null!;

    public ComplaintSlaJob Job => App.Services.GetRequiredService<ComplaintSlaJob>();

    protected abstract CrmApp Create(TestClock clock, Action<IServiceCollection> services);

    public async ValueTask InitializeAsync()
    {
        Clock.Set(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc));
        App = Create(Clock, services =>
        {
            services.AddSingleton<IGoodwillPoints>(Goodwill);
            services.AddSingleton<IComplaintMail>(Mail);
        });
        App.Set("Auth:AccessTokenLifetime", "3650.00:00:00");
        App.Set("Complaints:SlaCheckInterval", "00:00:00");
        App.Set("Lifecycle:RecomputeInterval", "00:00:00");
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class ClockedSqliteComplaintsApp : ClockedComplaintsApp
{
    protected override CrmApp Create(TestClock clock, Action<IServiceCollection> services) => new SqliteApp { Clock = clock, ConfigureTestServices = services };
}

public sealed class ClockedPostgresComplaintsApp(PostgresServer server) : ClockedComplaintsApp
{
    protected override CrmApp Create(TestClock clock, Action<IServiceCollection> services) => new PostgresApp(server) { Clock = clock, ConfigureTestServices = services };
}
