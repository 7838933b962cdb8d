using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The nightly loyalty pass over one tenant, in one transaction: expire every lot past its date (set-based: one
/// UPDATE of the lots per chunk of customers, one <c>expire</c> entry and timeline event per customer), re-evaluate
/// tiers as the rolling window moves, grant birthday bonuses (once a year, by dedup key), and hand the points
/// expiring soon to the notice seam. Safe to run again for the same moment: due lots are already zero.
/// </summary>
public sealed class PointsExpiry(TenantDatabases databases, IExpiringPointsNotices notices, ILogger<PointsExpiry> logger) : ITenantJob
{
    public static readonly TimeSpan NoticeWindow = TimeSpan.FromDays(30);
    private const int Chunk = 500;

    public string Name => "loyalty-nightly";

    public TimeSpan Interval => TimeSpan.FromHours(24);

    async Task ITenantJob.RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
    {
        var result = await RunForTenantAsync(tenant, now, cancellationToken);
        logger.LogInformation("Loyalty nightly for tenant {Tenant}: {Expired} points expired for {Customers} customers, {Tiers} tier changes, {Birthdays} birthday bonuses",
            tenant.Slug, result.PointsExpired, result.CustomersExpired, result.TierChanges, result.BirthdayBonuses);
    }

    public async Task<NightlyResult> RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken = default)
    {
        now = StoredTime.Of(now);
        await using var db = databases.Open(tenant);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);

        var (customers, points) = await ExpireAsync(db, now, cancellationToken);
        var birthdays = await GrantBirthdayBonusesAsync(db, program, now, cancellationToken);
        var tiers = await ReevaluateTiersAsync(db, program, now, cancellationToken);
        await NotifyExpiringSoonAsync(db, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new NightlyResult(customers, points, tiers, birthdays);
    }

    private static async Task<(int Customers, long Points)> ExpireAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var due = db.Set<LoyaltyLot>().Where(l => l.Remaining > 0 && l.ExpiresAt <= now);
        if (db.Database.IsNpgsql())
        {
            // Lock the accounts first, in a fixed order, so that a redemption racing the job waits for it (or it for the redemption).
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"SELECT 1 FROM loyalty_accounts WHERE customer_id IN (SELECT customer_id FROM loyalty_lots WHERE remaining > 0 AND expires_at <= {now}) ORDER BY customer_id FOR UPDATE",
                cancellationToken);
        }

        var perCustomer = await due.GroupBy(l => l.CustomerId).Select(g => new { CustomerId = g.Key, Points = g.Sum(l => l.Remaining) }).ToListAsync(cancellationToken);
        foreach (var chunk in perCustomer.Chunk(Chunk))
        {
            var ids = chunk.Select(c => c.CustomerId).ToList();
            var accounts = await db.Set<LoyaltyAccount>().Where(a => ids.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId, cancellationToken);
            foreach (var customer in chunk)
            {
                PointsLedger.RecordExpiry(db, accounts[customer.CustomerId], customer.Points, now);
            }

            await due.Where(l => ids.Contains(l.CustomerId)).ExecuteUpdateAsync(set => set.SetProperty(l => l.Remaining, 0L), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (perCustomer.Count, perCustomer.Sum(c => c.Points));
    }

    private static async Task<int> ReevaluateTiersAsync(TenantDbContext db, LoyaltyProgram program, DateTime now, CancellationToken cancellationToken)
    {
        var qualifying = await PointsLedger.TierCredits(db, program, now).GroupBy(c => c.CustomerId)
            .Select(g => new { CustomerId = g.Key, Amount = g.Sum(c => c.Amount) }).ToDictionaryAsync(x => x.CustomerId, x => x.Amount, cancellationToken);

        // Only accounts whose stored tier is wrong are loaded and written.
        var current = await db.Set<LoyaltyAccount>().AsNoTracking().Select(a => new { a.CustomerId, a.Tier }).ToListAsync(cancellationToken);
        var changed = current
            .Select(a => (a.CustomerId, a.Tier, Target: EarnRules.TierFor(program.Tiers, qualifying.GetValueOrDefault(a.CustomerId))))
            .Where(a => a.Tier != a.Target?.Name)
            .ToList();
        foreach (var chunk in changed.Chunk(Chunk))
        {
            var ids = chunk.Select(c => c.CustomerId).ToList();
            var accounts = await db.Set<LoyaltyAccount>().Where(a => ids.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId, cancellationToken);
            foreach (var account in chunk)
            {
                PointsLedger.SetTier(db, accounts[account.CustomerId], account.Target, now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return changed.Count;
    }

    private static async Task<int> GrantBirthdayBonusesAsync(TenantDbContext db, LoyaltyProgram program, DateTime now, CancellationToken cancellationToken)
    {
        if (!program.Enabled || program.BirthdayBonus <= 0)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(now);
        var key = $"birthday:{today.Year}";
        // 29 February birthdays are celebrated on the 28th in other years.
        var leapDayToo = today is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(today.Year);
        var born = await db.Customers.AsNoTracking()
            .Where(c => c.DeletedAt == null && c.Birthday != null)
            .Where(c => (c.Birthday!.Value.Month == today.Month && c.Birthday.Value.Day == today.Day) || (leapDayToo && c.Birthday!.Value.Month == 2 && c.Birthday.Value.Day == 29))
            .Where(c => !db.Set<LoyaltyEntry>().Any(e => e.CustomerId == c.Id && e.DedupKey == key))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        foreach (var chunk in born.Chunk(Chunk))
        {
            foreach (var customerId in chunk)
            {
                var account = (await PointsLedger.OpenAsync(db, customerId, create: true, now, cancellationToken))!;
                PointsLedger.Credit(db, account, new PointsChange(EntryKind.Bonus, program.BirthdayBonus)
                {
                    DedupKey = key, Reason = "Birthday bonus", ExpiresAt = EarnRules.ExpiryFor(now, program.ValidityMonths),
                }, now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return born.Count;
    }

    private async Task NotifyExpiringSoonAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var until = now + NoticeWindow;
        var soon = await db.Set<LoyaltyLot>()
            .Where(l => l.Remaining > 0 && l.ExpiresAt > now && l.ExpiresAt <= until)
            .GroupBy(l => l.CustomerId)
            .Select(g => new { CustomerId = g.Key, Points = g.Sum(l => l.Remaining), ExpiresAt = g.Min(l => l.ExpiresAt) })
            .ToListAsync(cancellationToken);
        if (soon.Count > 0)
        {
            await notices.QueueAsync(db, soon.Select(s => new ExpiringSoon(s.CustomerId, s.Points, s.ExpiresAt!.Value)).ToList(), now, cancellationToken);
        }
    }
}

/// <summary>What one tenant's nightly pass changed.</summary>
public sealed record NightlyResult(int CustomersExpired, long PointsExpired, int TierChanges, int BirthdayBonuses);
