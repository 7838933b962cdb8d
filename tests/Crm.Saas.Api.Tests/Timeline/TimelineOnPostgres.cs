using System.Net;
using Crm.Saas.Api.Features.Timeline;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Contacts;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Timeline;

public sealed class TimelineOnPostgres(PostgresApp app) : TimelineTests(app), IClassFixture<PostgresApp>
{
    private const string TimelineIndex = "ix_customer_events_customer_id_occurred_at_id";

    [Fact]
    public async Task A_customer_with_10000_events_gets_its_first_page_from_one_index_scan()
    {
        var tenant = await App.Anonymous().SignUpAsync();
        var customerId = Guid.Parse(await ContactsApiTests.CreateOrganizationAsync(tenant.Client));
        var neighbour = Guid.Parse(await ContactsApiTests.CreateOrganizationAsync(tenant.Client, "Neighbour Ltd"));
        var info = await App.WithCatalogAsync(async c => (await c.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.TenantId)).ToInfo());
        var databases = App.Services.GetRequiredService<TenantDatabases>();
        var start = DateTime.UtcNow.AddDays(-30);
        string[] types = ["interaction.logged", "contact.added", "purchase.recorded", "customer.updated"];
        await using (var seed = databases.Open(info))
        {
            // Another customer's history shares the table, so the index has something to skip.
            for (var i = 0; i < 10_000; i++)
            {
                Features.Timeline.TimelineEvents.Record(seed, customerId, start.AddMinutes(i), types[i % types.Length], $"Event {i}", data: new { n = i });
            }

            for (var i = 0; i < 2_000; i++)
            {
                Features.Timeline.TimelineEvents.Record(seed, neighbour, start.AddMinutes(i), "interaction.logged", $"Neighbour {i}");
            }

            await seed.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync($"/v1/customers/{customerId}/timeline"));
        Assert.Equal(50, page["data"]!.AsArray().Count);
        Assert.Equal("customer.created", (string)page["data"]![0]!["type"]!); // created just now, after the seeded past
        Assert.Equal("Event 9999", (string)page["data"]![1]!["summary"]!);
        Assert.NotNull(page["nextCursor"]);

        await using var db = databases.Open(info);
        var firstPage = await ExplainAsync(db, GetTimeline.PageQuery(db, customerId, after: null, types: [], limit: 50));
        TestContext.Current.TestOutputHelper?.WriteLine("First page:\n" + firstPage);
        AssertIndexOnly(firstPage);

        // A deep page with a type filter walks the same index from the cursor on, never from the top.
        var deep = await ExplainAsync(db, GetTimeline.PageQuery(db, customerId, new TimelineCursor(start.AddMinutes(5_000), Guid.Empty), ["purchase.recorded"], limit: 50));
        TestContext.Current.TestOutputHelper?.WriteLine("Deep page with types:\n" + deep);
        AssertIndexOnly(deep);
    }

    private static void AssertIndexOnly(string plan)
    {
        Assert.Matches($@"Index (Only )?Scan using {TimelineIndex} on customer_events", plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal); // the index gives the order; no sort of the customer's history
    }

    /// <summary>EXPLAIN ANALYZE of exactly the command EF sends for <paramref name="query"/>, with its parameters, in the tenant's schema.</summary>
    private static async Task<string> ExplainAsync(TenantDbContext db, IQueryable<Features.Timeline.CustomerEvent> query)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using (var prepare = connection.CreateCommand())
        {
            prepare.CommandText = SearchPathInterceptor.SetSearchPath(db.TenantSchema) + "; ANALYZE customer_events";
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var explain = query.CreateDbCommand();
        explain.Connection = connection;
        explain.CommandText = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT TEXT) " + explain.CommandText;
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
