using System.Net;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Tests.Jobs;
using Crm.Saas.Api.Tests.Mails;
using Crm.Saas.Api.Tests.Support;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Campaigns;

/// <summary>
/// Two processes' Hangfire servers on one PostgreSQL storage and one set of tenant stores run a 1,000-customer
/// win-back: the SMTP listener receives exactly 1,000 mails, each once.
/// </summary>
public sealed class TwoWorkersTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private const int Customers = 1000;

    [Fact]
    public async Task Two_hangfire_servers_send_a_win_back_run_of_1000_customers_exactly_once()
    {
        await using var smtp = SmtpListener.Started();
        var settings = JobServer.Settings(workers: 4);
        foreach (var (key, value) in smtp.Settings())
        {
            settings[key] = value;
        }

        settings["Mail:BatchSize"] = "20";
        settings["Mail:SendInterval"] = "00:00:00"; // only the run's own senders: the test counts what they do
        await using var first = (PostgresApp)fixture.Sibling(settings: settings);
        await first.InitializeAsync();
        await using var second = first.SharingDatabases(settings);
        await second.InitializeAsync();

        var tenant = await first.Anonymous().SignUpAsync();
        var now = DateTime.UtcNow;
        await first.InStoreAsync(tenant.TenantId, async db =>
        {
            for (var i = 0; i < Customers; i++)
            {
                var customer = new Customer
                {
                    Id = Guid.CreateVersion7(), Name = $"Lapsed {i}", ConsentEmail = true, CreatedAt = now.AddDays(-400), UpdatedAt = now.AddDays(-400),
                    LastPurchaseAt = now.AddDays(-200), FirstPurchaseAt = now.AddDays(-300), PurchaseCount = 2, LifetimeSpend = 10_000 + i,
                };
                customer.SetEmail($"lapsed{i}@example.com");
                db.Customers.Add(customer);
            }

            return await db.SaveChangesAsync();
        });
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.SendAsync(HttpMethod.Put, "/v1/campaigns/win-back",
            System.Net.Http.Json.JsonContent.Create(new { enabled = true, maxPerRun = Customers })));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var dispatch = first.Jobs().Enqueue<TenantJobDispatcher>(d => d.DispatchAsync("win-back", CancellationToken.None));
        Assert.Equal(SucceededState.StateName, await first.FinalStateAsync(dispatch));
        await JobServer.UntilAsync(() => smtp.Received.Count >= Customers, TimeSpan.FromMinutes(3), "1,000 mails");
        TestContext.Current.TestOutputHelper?.WriteLine($"{Customers} mails selected, queued and sent by two servers in {watch.ElapsedMilliseconds} ms");
        await Task.Delay(1000, TestContext.Current.CancellationToken); // room for a duplicate to show up

        Assert.Equal(Customers, smtp.Received.Count);
        Assert.Equal(Customers, smtp.Received.Select(m => m.MessageId).Distinct().Count());
        var mails = await first.MailsAsync(tenant.TenantId);
        Assert.Equal(Customers, mails.Count(m => m.Kind == MailKind.WinBack && m.Status == MailStatus.Sent));
        Assert.All(mails, m => Assert.Equal(1, m.Attempts));

        // Both servers took part.
        var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var servers = monitoring.SucceededJobs(0, 100).Select(j => monitoring.JobDetails(j.Key).History
            .FirstOrDefault(h => h.StateName == ProcessingState.StateName)?.Data["ServerId"]).Where(s => s is not null).Distinct().Count();
        Assert.True(servers >= 2, $"jobs ran on {servers} server(s)");
    }
}
