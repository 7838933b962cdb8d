using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// The incremental feed partners follow (<c>GET /v1/customers?updatedSince=…</c>): every change, deletions included
/// as tombstones, exactly once, even while others write. Rows are ordered by the change version the database stamps
/// on each write. On PostgreSQL that is the writing transaction's id, and a page only serves versions below the
/// oldest transaction still running: a change that commits later always lands after the cursor, never behind it.
/// On SQLite writes are serialised, so the stamp is already in commit order.
/// The cursor is always returned: keep it, poll with it, and an empty page means you are caught up.
/// </summary>
internal static class SyncFeed
{
    public static async Task<Page<CustomerResponse>> PageAsync(
        TenantDbContext db, IQueryable<Customer> customers, DateTime since, CustomerCursor? after, int limit, CancellationToken cancellationToken)
    {
        var horizon = await HorizonAsync(db, cancellationToken);
        customers = customers.Where(c => c.UpdatedAt >= since && c.ChangeVersion < horizon);
        if (after?.ChangeVersion is { } version)
        {
            customers = customers.Where(c => c.ChangeVersion > version || (c.ChangeVersion == version && c.Id.CompareTo(after.Id) > 0));
        }

        var rows = await customers.OrderBy(c => c.ChangeVersion).ThenBy(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        var position = rows.Count > 0 ? new CustomerCursor(rows[^1].Id, rows[^1].ChangeVersion) : after ?? new CustomerCursor(Guid.Empty, 0);
        return new Page<CustomerResponse>(rows.Select(CustomerResponse.From).ToList(), Cursor.Encode(position));
    }

    /// <summary>Versions below this are final: no transaction that could still commit one is running.</summary>
    private static async Task<long> HorizonAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await db.Database.SqlQueryRaw<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"").SingleAsync(cancellationToken)
            : long.MaxValue;
}
