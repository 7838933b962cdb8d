using System.Globalization;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// What the business owes in points: outstanding in total and by the month it expires at the end of, and the
/// points issued, redeemed, expired and reversed in each of the last 12 months (UTC).
/// </summary>
internal static class GetLiability
{
    public const int Months = 12;

    public static async Task<Ok<LiabilityReport>> Handle(TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        // Lots expire at the start of a month, so grouping by the expiry instant is grouping by month.
        var byExpiry = await db.Set<LoyaltyLot>()
            .Where(l => l.Remaining > 0 && (l.ExpiresAt == null || l.ExpiresAt > now))
            .GroupBy(l => l.ExpiresAt)
            .Select(g => new { ExpiresAt = g.Key, Points = g.Sum(l => l.Remaining) })
            .ToListAsync(cancellationToken);
        var shortfall = await db.Set<LoyaltyAccount>().SumAsync(a => (long?)a.Shortfall, cancellationToken) ?? 0;

        var from = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-(Months - 1));
        var flows = await db.Set<LoyaltyEntry>()
            .Where(e => e.OccurredAt >= from)
            .GroupBy(e => new { e.OccurredAt.Year, e.OccurredAt.Month, e.Kind })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Kind, In = g.Sum(e => e.Points > 0 ? e.Points : 0), Out = g.Sum(e => e.Points < 0 ? -e.Points : 0) })
            .ToListAsync(cancellationToken);

        var monthly = Enumerable.Range(0, Months).Select(i => from.AddMonths(i)).Select(month =>
        {
            var rows = flows.Where(f => f.Year == month.Year && f.Month == month.Month).ToList();
            long Out(EntryKind kind) => rows.Where(r => r.Kind == kind).Sum(r => r.Out);
            return new MonthlyPoints(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), rows.Sum(r => r.In), Out(EntryKind.Redeem), Out(EntryKind.Expire),
                Out(EntryKind.Reverse), Out(EntryKind.Adjust));
        }).ToList();

        return TypedResults.Ok(new LiabilityReport(
            byExpiry.Sum(b => b.Points),
            shortfall,
            byExpiry.Where(b => b.ExpiresAt is null).Sum(b => b.Points),
            byExpiry.Where(b => b.ExpiresAt is not null).OrderBy(b => b.ExpiresAt)
                .Select(b => new ExpiryMonth(b.ExpiresAt!.Value.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture), b.Points)).ToList(),
            monthly));
    }
}

/// <summary>Outstanding points; <c>shortfall</c> is what refunds took back after the points were spent.</summary>
public sealed record LiabilityReport(long Outstanding, long Shortfall, long NeverExpiring, IReadOnlyList<ExpiryMonth> ByExpiryMonth, IReadOnlyList<MonthlyPoints> Monthly);

/// <summary>Points that expire at the end of <c>month</c> (yyyy-MM).</summary>
public sealed record ExpiryMonth(string Month, long Points);

/// <summary>A month's flows: issued (every credit), redeemed, expired, reversed by refunds, adjusted out by admins.</summary>
public sealed record MonthlyPoints(string Month, long Issued, long Redeemed, long Expired, long Reversed, long AdjustedOut);
