using System.Collections.Concurrent;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Saas.Api.Tests.Tenancy;

/// <summary>
/// The proof behind docs/adr/0002-search-path-routing.md: one schema-less model, pooled connections, automatically
/// prepared statements, and still never a row of another tenant. Both tenants hold a customer with the same id, so any leak shows.
/// </summary>
public sealed class SearchPathLeakTests(PostgresServer server)
{
    private static readonly Guid SharedId = Guid.CreateVersion7();

    [Fact]
    public async Task One_physical_connection_alternating_between_tenants_with_prepared_statements_never_leaks()
    {
        var (databases, a, b) = await TwoTenantsAsync(poolSize: 1);
        var backends = new HashSet<int>();
        var prepared = 0L;
        for (var i = 0; i < 200; i++)
        {
            var tenant = i % 2 == 0 ? a : b;
            await using var db = databases.Open(tenant);
            var customer = await CustomerQueries.LiveById(db, SharedId, TestContext.Current.CancellationToken);
            Assert.Equal(tenant.Slug, customer?.Name);
            var everyone = await db.Customers.AsNoTracking().Select(c => c.Name).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal([tenant.Slug], everyone);
            backends.Add(await BackendPidAsync(db));
            prepared = Math.Max(prepared, await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements")
                .SingleAsync(TestContext.Current.CancellationToken));
        }

        Assert.Single(backends); // truly one physical connection, reused by both tenants
        Assert.True(prepared >= 2, $"expected the reads to run as prepared statements, saw {prepared}");
    }

    [Fact]
    public async Task Concurrent_random_tenants_on_a_small_pool_never_leak()
    {
        var (databases, a, b) = await TwoTenantsAsync(poolSize: 3);
        var mistakes = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var tenant = Random.Shared.Next(2) == 0 ? a : b;
            await using var db = databases.Open(tenant);
            var name = i % 3 == 0
                ? (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == SharedId, ct)).Name
                : (await CustomerQueries.LiveById(db, SharedId, ct))?.Name;
            if (name != tenant.Slug)
            {
                Interlocked.Increment(ref mistakes);
            }
        });

        Assert.Equal(0, mistakes);
    }

    [Fact]
    public async Task A_connection_used_outside_ef_after_a_tenant_finds_no_tenant_schema()
    {
        var (databases, a, _) = await TwoTenantsAsync(poolSize: 1);
        await using (var db = databases.Open(a))
        {
            Assert.NotNull(await CustomerQueries.LiveById(db, SharedId, TestContext.Current.CancellationToken));
        }

        // The pool's reset clears search_path, so code that bypasses the tenant context fails closed.
        await using var raw = new NpgsqlConnection(databases.ShardConnectionString("main"));
        await raw.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("SELECT name FROM customers", raw);
        var error = await Assert.ThrowsAsync<PostgresException>(() => read.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }

    [Fact]
    public async Task Pooled_contexts_reused_alternately_and_concurrently_never_read_another_tenants_row()
    {
        var (databases, a, b) = await TwoTenantsAsync(poolSize: 4);
        var contexts = new ConcurrentDictionary<TenantDbContext, byte>(ReferenceEqualityComparer.Instance);
        var mistakes = new ConcurrentBag<string>();

        async Task ReadAsync(TenantInfo tenant, int i, CancellationToken ct)
        {
            await using var db = databases.Open(tenant); // the pooled path
            contexts.TryAdd(db, 0);
            var name = (i % 3) switch
            {
                0 => (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == SharedId, ct)).Name,
                1 => (await CustomerQueries.LiveById(db, SharedId, ct))?.Name,
                _ => string.Join(",", await db.Customers.AsNoTracking().Select(c => c.Name).ToListAsync(ct)),
            };
            if (name != tenant.Slug || db.TenantSchema != tenant.Placement.Location)
            {
                mistakes.Add($"{i}: {tenant.Slug} read '{name}' on schema {db.TenantSchema}");
            }
        }

        // Strictly alternating: every rent gets the context the other tenant just gave back.
        for (var i = 0; i < 300; i++)
        {
            await ReadAsync(i % 2 == 0 ? a : b, i, TestContext.Current.CancellationToken);
        }

        Assert.Single(contexts); // one context, handed to both tenants in turn

        // Concurrent, random tenants: contexts go back and forth between threads and tenants.
        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await ReadAsync(Random.Shared.Next(2) == 0 ? a : b, i, ct));

        Assert.Empty(mistakes);
        Assert.True(contexts.Count <= 8 + 1, $"expected pooled contexts to be reused, saw {contexts.Count} distinct ones");
    }

    [Fact]
    public async Task A_pooled_context_without_a_schema_fails_closed()
    {
        var (databases, a, b) = await TwoTenantsAsync(poolSize: 1);
        var db = databases.Open(a);
        Assert.NotNull(await CustomerQueries.LiveById(db, SharedId, TestContext.Current.CancellationToken));

        // Returning it to the pool clears the schema; the next rent, another tenant's, gets the same instance re-routed.
        await db.DisposeAsync();
        Assert.Equal(string.Empty, db.TenantSchema);
        await using var next = databases.Open(b);
        Assert.Same(db, next);
        Assert.Equal(b.Slug, (await CustomerQueries.LiveById(next, SharedId, TestContext.Current.CancellationToken))?.Name);

        // A context whose schema is cleared reaches nothing, whatever kind of command it runs.
        next.TenantSchema = string.Empty;
        await Assert.ThrowsAsync<TenantRequiredException>(() => CustomerQueries.LiveById(next, SharedId, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<TenantRequiredException>(() => next.Customers.CountAsync(TestContext.Current.CancellationToken));
        next.Customers.Add(new Customer { Id = Guid.CreateVersion7(), Name = "stray", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
        var saving = await Assert.ThrowsAsync<DbUpdateException>(() => next.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.IsType<TenantRequiredException>(saving.InnerException);
        await Assert.ThrowsAsync<TenantRequiredException>(() => next.Database.ExecuteSqlRawAsync("DELETE FROM customers", TestContext.Current.CancellationToken));
    }

    private async Task<(TenantDatabases Databases, TenantInfo A, TenantInfo B)> TwoTenantsAsync(int poolSize)
    {
        var database = await server.CreateDatabaseAsync("crm_leak");
        var shard = new NpgsqlConnectionStringBuilder(database)
        {
            MaxPoolSize = poolSize,
            MaxAutoPrepare = 10,
            AutoPrepareMinUsages = 1,
            ApplicationName = "leak-" + Guid.NewGuid().ToString("N")[..8], // a pool of its own
        }.ConnectionString;
        var databases = new TenantDatabases(
            Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres, Catalog = database, Shards = { ["main"] = shard } }),
            NullLoggerFactory.Instance);

        var tenants = new List<TenantInfo>();
        foreach (var slug in new[] { "tenant-a", "tenant-b" })
        {
            var id = Guid.CreateVersion7();
            var tenant = new TenantInfo(id, slug, slug, TenantStatus.Active, new TenantPlacement("Postgres", "main", TenantPlacement.LocationFor(id)));
            await databases.MigrateAsync(tenant, TestContext.Current.CancellationToken);
            await using var db = databases.Open(tenant);
            db.Customers.Add(new Customer { Id = SharedId, Name = slug, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            tenants.Add(tenant);
        }

        return (databases, tenants[0], tenants[1]);
    }

    private static async Task<int> BackendPidAsync(TenantDbContext db) =>
        await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);
}
