using Crm.Saas.Api.Infrastructure.Tenancy;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// Creates a tenant: the catalog row (first as <c>provisioning</c>), its schema or file with every migration, then the
/// owner and the membership, and only then <c>active</c>. Any failure removes what was made, so no half-made tenant
/// and no orphan schema remain; a crash half-way is cleaned up by <see cref="CleanUpAbandonedAsync"/> at the next start.
/// </summary>
public sealed class TenantProvisioner(
    CatalogDbContext catalog,
    TenantDatabases databases,
    ShardPlanner shards,
    IPasswordHasher<PlatformUser> hasher,
    CatalogTenantStore store,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    ILogger<TenantProvisioner> logger)
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    public async Task<ProvisioningResult> ProvisionAsync(NewTenant request, CancellationToken cancellationToken)
    {
        var slug = request.Slug.ToLowerInvariant();
        var email = request.OwnerEmail.Trim();
        if (await catalog.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return ProvisioningResult.SlugTaken;
        }

        var existingUser = await catalog.Users.FirstOrDefaultAsync(u => u.EmailNormalized == email.ToLowerInvariant(), cancellationToken);
        if (existingUser is not null && hasher.VerifyHashedPassword(existingUser, existingUser.PasswordHash, request.OwnerPassword) == PasswordVerificationResult.Failed)
        {
            // The address belongs to someone: only they (knowing the password) may add a business to it.
            return ProvisioningResult.EmailRegistered;
        }

        var provider = options.Value.Provider.ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var tenant = new Tenant
        {
            Id = id,
            Slug = slug,
            Name = request.CompanyName.Trim(),
            Status = TenantStatus.Provisioning,
            Provider = provider,
            Connection = await shards.ChooseAsync(catalog, provider, cancellationToken),
            Location = TenantPlacement.LocationFor(id),
            CreatedAt = now,
            UpdatedAt = now,
        };
        catalog.Tenants.Add(tenant);
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return ProvisioningResult.SlugTaken; // lost a race for the slug
        }

        try
        {
            tenant.SchemaVersion = await databases.MigrateAsync(tenant.ToInfo(), cancellationToken);
            var owner = existingUser ?? NewUser(email, request.OwnerPassword, now);
            catalog.Memberships.Add(new Membership { TenantId = id, UserId = owner.Id, Role = TenantRole.Owner, CreatedAt = now });
            tenant.Status = TenantStatus.Active;
            tenant.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await catalog.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Provisioned tenant {TenantId} ({Slug}) on {Provider}/{Shard}", id, slug, provider, tenant.Connection);
            return ProvisioningResult.Created(tenant, owner);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Provisioning tenant {TenantId} ({Slug}) failed; removing what was made", id, slug);
            catalog.ChangeTracker.Clear();
            await RemoveAsync(tenant, CancellationToken.None);
            throw new ProvisioningFailedException(e);
        }
    }

    /// <summary>Removes tenants left in <c>provisioning</c> by a process that died half-way.</summary>
    public async Task<int> CleanUpAbandonedAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - AbandonedAfter;
        var abandoned = await catalog.Tenants.AsNoTracking()
            .Where(t => t.Status == TenantStatus.Provisioning && t.CreatedAt < cutoff)
            .ToListAsync(cancellationToken);
        foreach (var tenant in abandoned)
        {
            logger.LogWarning("Removing tenant {TenantId} ({Slug}) abandoned during provisioning", tenant.Id, tenant.Slug);
            await RemoveAsync(tenant, cancellationToken);
        }

        return abandoned.Count;
    }

    private PlatformUser NewUser(string email, string password, DateTime now)
    {
        var user = new PlatformUser { Id = Guid.CreateVersion7(), Email = email, EmailNormalized = email.ToLowerInvariant(), PasswordHash = "", CreatedAt = now };
        user.PasswordHash = hasher.HashPassword(user, password);
        catalog.Users.Add(user);
        return user;
    }

    private async Task RemoveAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await databases.DropAsync(tenant.ToInfo(), cancellationToken);
        await catalog.Tenants.Where(t => t.Id == tenant.Id).ExecuteDeleteAsync(cancellationToken);
        store.Forget(tenant.ToInfo());
    }
}

public sealed record NewTenant(string CompanyName, string Slug, string OwnerEmail, string OwnerPassword);

public sealed record ProvisioningResult(ProvisioningOutcome Outcome, Tenant? Tenant, PlatformUser? Owner)
{
    public static readonly ProvisioningResult SlugTaken = new(ProvisioningOutcome.SlugTaken, null, null);
    public static readonly ProvisioningResult EmailRegistered = new(ProvisioningOutcome.EmailRegistered, null, null);

    public static ProvisioningResult Created(Tenant tenant, PlatformUser owner) => new(ProvisioningOutcome.Created, tenant, owner);
}

public enum ProvisioningOutcome
{
    Created,
    SlugTaken,
    EmailRegistered,
}

public sealed class ProvisioningFailedException(Exception inner) : Exception("Tenant provisioning failed.", inner);
