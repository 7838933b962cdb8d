using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Lifecycle;

internal static class LifecycleSettingsQueries
{
    /// <summary>The stored row, or the defaults (version 1, not stored) until an admin first changes them.</summary>
    public static async Task<LifecycleSettings> CurrentAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        await db.LifecycleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == LifecycleSettings.SingletonId, cancellationToken)
        ?? new LifecycleSettings();
}
