using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Rfm;

/// <summary>
/// RFM scores as quintiles within the tenant: NTILE(5) over the live customers who bought at least once, ordered so
/// that 5 is best (most recent last purchase, most purchases, highest net spend; ties broken by id so a rerun gives
/// the same answer). One UPDATE per tenant; only customers whose scores changed are touched (new Version, ETag).
/// Both PostgreSQL and SQLite (3.39+) accept this statement as written; table names are unqualified because the
/// tenant's schema is routed by the connection (search_path) or the file.
/// </summary>
internal static class RfmScoring
{
    private static readonly string Sql = $$"""
        WITH scored AS (
            SELECT id,
                   NTILE(5) OVER (ORDER BY last_purchase_at, id) AS r,
                   NTILE(5) OVER (ORDER BY purchase_count, id) AS f,
                   NTILE(5) OVER (ORDER BY lifetime_spend, id) AS m
            FROM customers
            WHERE deleted_at IS NULL AND purchase_count > 0 AND last_purchase_at IS NOT NULL
        ),
        segmented AS (
            SELECT id, r, f, m, {{RfmSegments.SqlCase("r", "f", "m")}} AS segment FROM scored
        )
        UPDATE customers
        SET recency_score = segmented.r, frequency_score = segmented.f, monetary_score = segmented.m,
            segment = segmented.segment, version = customers.version + 1, updated_at = {0}
        FROM segmented
        WHERE customers.id = segmented.id
          AND (customers.recency_score IS DISTINCT FROM segmented.r OR customers.frequency_score IS DISTINCT FROM segmented.f
               OR customers.monetary_score IS DISTINCT FROM segmented.m OR customers.segment IS DISTINCT FROM segmented.segment)
        """;

    /// <summary>Scores every buying customer of the tenant; returns how many customers changed.</summary>
    public static Task<int> RecomputeAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(Sql, [now], cancellationToken);
}
