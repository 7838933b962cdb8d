using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Persistence;

/// <summary>
/// One tenant's business data. The model has no schema in it: on PostgreSQL every command is routed to the
/// tenant's schema by <see cref="SearchPathInterceptor"/>, on SQLite the connection opens the tenant's own file.
/// So there is one model per provider, however many tenants there are.
/// <para>
/// PostgreSQL tenant contexts are pooled (see <see cref="TenantDatabases"/>), so the schema is not fixed at
/// construction: it is set right after a context is rented and cleared when it goes back to the pool. A context
/// without a schema fails closed: <see cref="SearchPathInterceptor"/> throws <see cref="Crm.Saas.Tenancy.TenantRequiredException"/>.
/// </para>
/// </summary>
public abstract class TenantDbContext(DbContextOptions options) : DbContext(options), ITenantRoutedContext
{
    /// <summary>The tenant's schema (PostgreSQL) or file name (SQLite); empty while the context sits in the pool.</summary>
    public string TenantSchema { get; internal set; } = string.Empty;

    /// <summary>The tenant whose store this is; empty while the context sits in the pool.</summary>
    public Guid TenantId { get; internal set; }

    /// <summary>Woken jobs that saved changes gave work, waiting for the commit (see <see cref="Infrastructure.Jobs.WakeJobsOnCommit"/>).</summary>
    internal HashSet<string>? JobsToWake { get; set; }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Features.Audit.AuditEvent> AuditEvents => Set<Features.Audit.AuditEvent>();

    public DbSet<Features.Contacts.Contact> Contacts => Set<Features.Contacts.Contact>();

    public DbSet<Features.Purchases.Purchase> Purchases => Set<Features.Purchases.Purchase>();

    public DbSet<Features.Purchases.Refund> Refunds => Set<Features.Purchases.Refund>();

    public DbSet<Features.Interactions.Interaction> Interactions => Set<Features.Interactions.Interaction>();

    public DbSet<Features.Timeline.CustomerEvent> CustomerEvents => Set<Features.Timeline.CustomerEvent>();

    public DbSet<Features.Lifecycle.LifecycleSettings> LifecycleSettings => Set<Features.Lifecycle.LifecycleSettings>();

    // Clearing before base.Dispose matters: for a pooled context, base.Dispose returns it to the pool, after which
    // another request may rent it. Nothing may ever run on it with this tenant's schema again.
    public override void Dispose()
    {
        (TenantSchema, TenantId, JobsToWake) = (string.Empty, Guid.Empty, null);
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        (TenantSchema, TenantId, JobsToWake) = (string.Empty, Guid.Empty, null);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(
            typeof(TenantDbContext).Assembly,
            type => typeof(ITenantEntityConfiguration).IsAssignableFrom(type));
}

/// <summary>Marks an entity configuration as part of the tenant model (rather than the catalog).</summary>
internal interface ITenantEntityConfiguration;

/// <summary>
/// Its only public constructor takes just the options, as EF's context pool requires; the schema is set by
/// <see cref="TenantDatabases"/> after renting (or by the internal constructor for unpooled migration contexts).
/// </summary>
public sealed class PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options) : TenantDbContext(options)
{
    internal PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options, string tenantSchema)
        : this(options) => TenantSchema = tenantSchema;
}

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options)
{
    internal SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options, string tenantSchema)
        : this(options) => TenantSchema = tenantSchema;
}
