using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// A catalog row saying that one tenant may have work for one <see cref="IWokenTenantJob"/> from <see cref="DueAt"/>
/// on. No row: nothing known to do. <see cref="Marks"/> counts the wake-ups, so a pass can tell whether it was woken
/// again while it ran (see <see cref="TenantJobWakeups"/>).
/// </summary>
public sealed class TenantJobWakeup
{
    public Guid TenantId { get; init; }

    public required string Job { get; init; }

    public DateTime DueAt { get; set; }

    public long Marks { get; set; }
}

internal static class TenantJobWakeupConfiguration
{
    public static void ConfigureTenantJobWakeups(this ModelBuilder modelBuilder) =>
        modelBuilder.Entity<TenantJobWakeup>(wakeup =>
        {
            wakeup.ToTable("tenant_job_wakeups");
            wakeup.HasKey(w => new { w.TenantId, w.Job });
            wakeup.Property(w => w.Job).HasMaxLength(100);
            wakeup.HasIndex(w => new { w.Job, w.DueAt });
            wakeup.HasOne<Tenant>().WithMany().HasForeignKey(w => w.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
}
