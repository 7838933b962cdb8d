using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Jobs;
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

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

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

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => new { t.UserId, t.TenantId });
            token.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
            token.HasOne<PlatformUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Invitation>(invitation =>
        {
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Email).HasMaxLength(254);
            invitation.Property(i => i.EmailNormalized).HasMaxLength(254);
            invitation.Property(i => i.Role).HasConversion<SnakeCaseEnumConverter<TenantRole>>().HasMaxLength(20);
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => new { i.TenantId, i.CreatedAt });
            invitation.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(32);
            key.HasIndex(k => k.Prefix).IsUnique();
            key.Property(k => k.SecretHash).HasMaxLength(64);
            key.HasIndex(k => new { k.TenantId, k.CreatedAt });
            key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.ConfigureBilling();
        modelBuilder.ConfigureTenantJobWakeups();
        modelBuilder.ConfigureLoginFailures();
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
