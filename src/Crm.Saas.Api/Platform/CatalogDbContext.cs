using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// The platform catalog: tenants and their placement, users, memberships. PostgreSQL keeps it in schema
/// <c>platform</c>; SQLite in <c>platform.db</c>. Each provider has its own subclass and migrations.
/// </summary>
public abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "platform";

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<PlatformUser> Users => Set<PlatformUser>();

    public DbSet<Membership> Memberships => Set<Membership>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(tenant =>
        {
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Slug).HasMaxLength(40);
            tenant.HasIndex(t => t.Slug).IsUnique();
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.Status).HasConversion<SnakeCaseEnumConverter<TenantStatus>>().HasMaxLength(20);
            tenant.Property(t => t.Provider).HasMaxLength(20);
            tenant.Property(t => t.Connection).HasMaxLength(100);
            tenant.Property(t => t.Location).HasMaxLength(100);
            tenant.HasIndex(t => t.Location).IsUnique();
            tenant.Property(t => t.SchemaVersion).HasMaxLength(150);
            tenant.Property(t => t.LastMigrationError).HasMaxLength(2000);
            tenant.HasIndex(t => t.Connection);
        });

        modelBuilder.Entity<PlatformUser>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.EmailNormalized).HasMaxLength(254);
            user.HasIndex(u => u.EmailNormalized).IsUnique();
            user.Property(u => u.PasswordHash).HasMaxLength(500);
        });

        modelBuilder.Entity<Membership>(membership =>
        {
            membership.HasKey(m => new { m.TenantId, m.UserId });
            membership.HasIndex(m => m.UserId);
            membership.Property(m => m.Role).HasConversion<SnakeCaseEnumConverter<TenantRole>>().HasMaxLength(20);
            membership.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<PlatformUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}

public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options);
