using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Tenancy.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Persistence;

/// <summary>
/// One tenant's business data. The model has no schema in it: on PostgreSQL every command is routed to the
/// tenant's schema by <see cref="SearchPathInterceptor"/>, on SQLite the connection opens the tenant's own file.
/// So there is one model per provider, however many tenants there are.
/// </summary>
public abstract class TenantDbContext(DbContextOptions options, string tenantSchema) : DbContext(options), ITenantRoutedContext
{
    public string TenantSchema { get; } = tenantSchema;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Features.Audit.AuditEvent> AuditEvents => Set<Features.Audit.AuditEvent>();

    public DbSet<Features.Contacts.Contact> Contacts => Set<Features.Contacts.Contact>();

    public DbSet<Features.Purchases.Purchase> Purchases => Set<Features.Purchases.Purchase>();

    public DbSet<Features.Purchases.Refund> Refunds => Set<Features.Purchases.Refund>();

    public DbSet<Features.Interactions.Interaction> Interactions => Set<Features.Interactions.Interaction>();

    public DbSet<Features.Timeline.CustomerEvent> CustomerEvents => Set<Features.Timeline.CustomerEvent>();

    public DbSet<Features.Lifecycle.LifecycleSettings> LifecycleSettings => Set<Features.Lifecycle.LifecycleSettings>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(
            typeof(TenantDbContext).Assembly,
            type => typeof(ITenantEntityConfiguration).IsAssignableFrom(type));
}

/// <summary>Marks an entity configuration as part of the tenant model (rather than the catalog).</summary>
internal interface ITenantEntityConfiguration;

public sealed class PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options, string tenantSchema)
    : TenantDbContext(options, tenantSchema);

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options, string tenantSchema)
    : TenantDbContext(options, tenantSchema);
