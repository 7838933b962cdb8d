using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;

namespace Crm.Saas.Tenancy.Tests;

/// <summary>What the interceptor does to the commands of a tenant context, on a connection that only records.</summary>
public sealed class SearchPathRoutingTests : IDisposable
{
    private const string Query = "SELECT id FROM customers";
    private const string Update = "UPDATE customers SET name = 'x'";

    private static readonly TenantInfo Acme = Tenants.Create("acme");

    private readonly SearchPathInterceptor _interceptor = SearchPathInterceptor.Instance;
    private readonly RecordingConnection _connection = new();
    private readonly TenantDbContext _acmeContext = new(Acme.Placement.Location);
    private readonly PlainDbContext _plainContext = new();

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _acmeContext.Dispose();
        _plainContext.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public void a_linq_read_names_every_tenant_table_with_the_tenants_schema_and_leaves_search_path_alone()
    {
        const string sql = "SELECT c.id, c.customers_seen, date_part('year', c.created_at)\nFROM customers AS c\n"
            + "INNER JOIN \"customer_events\" AS e ON e.customer_id = c.id\nLEFT JOIN LATERAL (\n    SELECT p.id FROM\n    purchases AS p\n) AS s ON TRUE\n"
            + "WHERE c.id IN (SELECT x.id FROM customers_archive AS x) AND trim(BOTH FROM c.name) <> ''";
        var schema = Acme.Placement.Location;
        var command = Command(sql);

        _interceptor.ReaderExecuting(command, Event(command, _acmeContext, CommandSource.LinqQuery), default);

        Assert.Equal(
            $"SELECT c.id, c.customers_seen, date_part('year', c.created_at)\nFROM {schema}.customers AS c\n"
            + $"INNER JOIN {schema}.\"customer_events\" AS e ON e.customer_id = c.id\nLEFT JOIN LATERAL (\n    SELECT p.id FROM\n    {schema}.purchases AS p\n) AS s ON TRUE\n"
            + "WHERE c.id IN (SELECT x.id FROM customers_archive AS x) AND trim(BOTH FROM c.name) <> ''",
            command.CommandText);
        Assert.Empty(_connection.Executed);
    }

    [Fact]
    public void the_same_linq_read_gets_each_tenants_own_text()
    {
        var globex = Tenants.Create("globex");
        using var globexContext = new TenantDbContext(globex.Placement.Location);
        var forAcme = Command(Query);
        var forGlobex = Command(Query);
        var forAcmeAgain = Command(Query);

        _interceptor.ReaderExecuting(forAcme, Event(forAcme, _acmeContext, CommandSource.LinqQuery), default);
        _interceptor.ReaderExecuting(forGlobex, Event(forGlobex, globexContext, CommandSource.LinqQuery), default);
        _interceptor.ReaderExecuting(forAcmeAgain, Event(forAcmeAgain, _acmeContext, CommandSource.LinqQuery), default);

        Assert.Equal($"SELECT id FROM {Acme.Placement.Location}.customers", forAcme.CommandText);
        Assert.Equal($"SELECT id FROM {globex.Placement.Location}.customers", forGlobex.CommandText);
        Assert.Equal(forAcme.CommandText, forAcmeAgain.CommandText);
    }

    [Fact]
    public void a_linq_read_that_names_no_tenant_table_is_routed_with_search_path()
    {
        const string sql = "SELECT count(*)::int FROM customers_archive";
        var command = Command(sql);

        _interceptor.ReaderExecuting(command, Event(command, _acmeContext, CommandSource.LinqQuery), default);

        Assert.Equal($"SET search_path TO {Acme.Placement.Location};\n{sql}", command.CommandText);
    }

    [Theory]
    [InlineData(CommandSource.FromSqlQuery)]
    [InlineData(CommandSource.Unknown)]
    public void a_raw_read_carries_its_tenants_search_path_in_the_same_round_trip(CommandSource source)
    {
        var command = Command(Query);

        _interceptor.ReaderExecuting(command, Event(command, _acmeContext, source), default);

        Assert.Equal($"SET search_path TO {Acme.Placement.Location};\n{Query}", command.CommandText);
        Assert.Empty(_connection.Executed);
    }

    [Fact]
    public async Task an_async_read_carries_its_tenants_search_path_in_the_same_round_trip()
    {
        var command = Command(Query);

        await _interceptor.ReaderExecutingAsync(command, Event(command, _acmeContext, CommandSource.FromSqlQuery), default, Cancellation);

        Assert.Equal($"SET search_path TO {Acme.Placement.Location};\n{Query}", command.CommandText);
        Assert.Empty(_connection.Executed);
    }

    [Fact]
    public void save_changes_gets_its_own_set_first_in_the_same_transaction_and_its_batch_is_left_alone()
    {
        using var transaction = _connection.BeginTransaction();
        var command = Command(Update);
        command.Transaction = transaction;

        _interceptor.ReaderExecuting(command, Event(command, _acmeContext, CommandSource.SaveChanges), default);

        Assert.Equal(Update, command.CommandText);
        var set = Assert.Single(_connection.Executed);
        Assert.Equal($"SET search_path TO {Acme.Placement.Location}", set.Text);
        Assert.Same(transaction, set.Transaction);
    }

    [Fact]
    public async Task an_async_save_changes_gets_its_own_set_first()
    {
        var command = Command(Update);

        await _interceptor.ReaderExecutingAsync(command, Event(command, _acmeContext, CommandSource.SaveChanges), default, Cancellation);

        Assert.Equal(Update, command.CommandText);
        Assert.Equal($"SET search_path TO {Acme.Placement.Location}", Assert.Single(_connection.Executed).Text);
    }

    [Fact]
    public async Task non_queries_and_scalars_get_their_own_set_first_every_time()
    {
        var command = Command(Update);
        var data = Event(command, _acmeContext, CommandSource.ExecuteSqlRaw);

        _interceptor.NonQueryExecuting(command, data, default);
        await _interceptor.NonQueryExecutingAsync(command, data, default, Cancellation);
        _interceptor.ScalarExecuting(command, data, default);
        await _interceptor.ScalarExecutingAsync(command, data, default, Cancellation);

        Assert.Equal(Update, command.CommandText);
        Assert.Equal(4, _connection.Executed.Count);
        Assert.All(_connection.Executed, set => Assert.Equal($"SET search_path TO {Acme.Placement.Location}", set.Text));
    }

    [Fact]
    public void a_context_that_is_not_bound_to_a_tenant_fails_closed()
    {
        var read = Command(Query);
        var write = Command(Update);

        Assert.Throws<TenantRequiredException>(() => _interceptor.ReaderExecuting(read, Event(read, _plainContext, CommandSource.LinqQuery), default));
        Assert.Throws<TenantRequiredException>(() => _interceptor.NonQueryExecuting(write, Event(write, _plainContext, CommandSource.ExecuteSqlRaw), default));
        Assert.Throws<TenantRequiredException>(() => _interceptor.ReaderExecuting(read, Event(read, null, CommandSource.LinqQuery), default));
        Assert.Equal(Query, read.CommandText);
        Assert.Empty(_connection.Executed);
    }

    [Fact]
    public void a_context_bound_to_a_schema_of_the_wrong_shape_sends_nothing()
    {
        using var forged = new TenantDbContext("public; DROP SCHEMA platform CASCADE");
        var read = Command(Query);
        var write = Command(Update);

        Assert.Throws<ArgumentException>(() => _interceptor.ReaderExecuting(read, Event(read, forged, CommandSource.LinqQuery), default));
        Assert.Throws<ArgumentException>(() => _interceptor.NonQueryExecuting(write, Event(write, forged, CommandSource.ExecuteSqlRaw), default));
        Assert.Equal(Query, read.CommandText);
        Assert.Empty(_connection.Executed);
    }

    private RecordingCommand Command(string text) => new(_connection) { CommandText = text };

    private CommandEventData Event(RecordingCommand command, DbContext? context, CommandSource source) => new(
        null!,
        (_, _) => "",
        _connection,
        command,
        command.CommandText,
        context,
        DbCommandMethod.ExecuteReader,
        Guid.NewGuid(),
        Guid.NewGuid(),
        async: false,
        logParameterValues: false,
        DateTimeOffset.UtcNow,
        source);

    /// <summary>A tenant model with three tables; SQLite is only there to build the relational model, nothing is opened.</summary>
    private sealed class TenantDbContext(string schema) : DbContext, ITenantRoutedContext
    {
        public string TenantSchema => schema;

        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=model-only");

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<CustomerRow>().ToTable("customers");
            model.Entity<EventRow>().ToTable("customer_events");
            model.Entity<PurchaseRow>().ToTable("purchases");
        }
    }

    private sealed record CustomerRow(int Id);

    private sealed record EventRow(int Id);

    private sealed record PurchaseRow(int Id);

    private sealed class PlainDbContext : DbContext;
}
