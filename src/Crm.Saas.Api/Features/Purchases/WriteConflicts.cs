using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// Purchases and refunds change shared rows (the customer's facts, the purchase's refunded amount) guarded by their
/// Version. When another request wins the race, SaveChanges fails (EF rolls back to its savepoint, so the request's
/// transaction stays usable), and the handler forgets its changes, reads the rows again and retries.
/// </summary>
internal static class WriteConflicts
{
    public const int MaxAttempts = 10;

    /// <summary>Drops pending changes and the rows that may be stale, keeping what the filters around us saved (the idempotency record).</summary>
    public static void Forget(TenantDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State != EntityState.Unchanged || entry.Entity is Customer or Purchase)
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
