using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Saas.Api.Persistence;

/// <summary>
/// Filters that wrap a write in a transaction nest (audit around idempotency around the handler): the outermost one
/// begins and commits, inner ones join it. EF's savepoints keep the transaction usable when a SaveChanges fails.
/// </summary>
internal static class TenantTransactions
{
    /// <summary>A transaction this caller owns, or null when one is already running (then the owner commits).</summary>
    public static async Task<IDbContextTransaction?> BeginUnlessActiveAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
}
