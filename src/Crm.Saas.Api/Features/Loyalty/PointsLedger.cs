using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// The only code that writes the ledger. Every write first takes the customer's account row — PostgreSQL
/// <c>SELECT … FOR UPDATE</c>; on SQLite the request's transaction is <c>BEGIN IMMEDIATE</c>, so writers already
/// queue on the database's busy timeout — then expires the lots whose date has passed, then changes lots, account
/// and entries together. Nothing here saves: the caller's SaveChanges commits it with the rest of its transaction.
/// Invariant after every write: balance = Σ lot.remaining, balance ≥ 0, shortfall ≥ 0.
/// </summary>
public static class PointsLedger
{
    /// <summary>
    /// Locks the customer's account (creating it when <paramref name="create"/>) and expires its due lots.
    /// Null when the customer has no account and none was to be created.
    /// </summary>
    public static async Task<LoyaltyAccount?> OpenAsync(TenantDbContext db, Guid customerId, bool create, DateTime now, CancellationToken cancellationToken)
    {
        // A change already pending in this unit of work is the newest state: keep building on it.
        var pending = db.ChangeTracker.Entries<LoyaltyAccount>()
            .FirstOrDefault(e => e.Entity.CustomerId == customerId && e.State is EntityState.Added or EntityState.Modified);
        if (pending is not null)
        {
            return pending.Entity;
        }

        ForgetUnchanged(db, customerId);
        var account = await LockAsync(db, customerId, cancellationToken);
        if (account is null && create)
        {
            // Valid on both providers; a concurrent creator makes this a no-op, and the lock below then waits for it.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO loyalty_accounts (customer_id, balance, shortfall, updated_at, version) VALUES ({customerId}, {0L}, {0L}, {now}, {1}) ON CONFLICT (customer_id) DO NOTHING",
                cancellationToken);
            account = await LockAsync(db, customerId, cancellationToken);
        }

        if (account is not null)
        {
            await ExpireDueAsync(db, account, now, cancellationToken);
        }

        return account;
    }

    private static async Task<LoyaltyAccount?> LockAsync(TenantDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? (await db.Set<LoyaltyAccount>().FromSql($"SELECT * FROM loyalty_accounts WHERE customer_id = {customerId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
            : await db.Set<LoyaltyAccount>().FirstOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);

    /// <summary>Adds points as a new lot; a shortfall left by an earlier reversal is paid off first.</summary>
    public static LoyaltyEntry Credit(TenantDbContext db, LoyaltyAccount account, PointsChange change, DateTime now)
    {
        var paid = Math.Min(account.Shortfall, change.Points);
        account.Shortfall -= paid;
        account.Balance += change.Points - paid;
        var entry = Entry(account, change, change.Points, now);
        db.Add(entry);
        db.Add(new LoyaltyLot
        {
            Id = entry.Id, CustomerId = account.CustomerId, Points = change.Points, Remaining = change.Points - paid, EarnedAt = now, ExpiresAt = change.ExpiresAt,
        });
        Touch(account, now);
        Timeline.TimelineEvents.Record(db, account.CustomerId, now, EventType(change.Kind), $"{change.Points} points {Verb(change.Kind)}", "loyalty_entry", entry.Id,
            new { kind = Word(change.Kind), points = change.Points, balance = account.Balance, change.Reference, change.Reason });
        return entry;
    }

    /// <summary>Takes points out, soonest-expiring lots first; null (and nothing changed) when the balance is short.</summary>
    public static async Task<LoyaltyEntry?> DebitAsync(TenantDbContext db, LoyaltyAccount account, PointsChange change, DateTime now, CancellationToken cancellationToken)
    {
        if (change.Points > account.Balance)
        {
            return null;
        }

        await ConsumeAsync(db, account.CustomerId, change.Points, preferredLot: null, now, cancellationToken);
        account.Balance -= change.Points;
        var entry = Entry(account, change, -change.Points, now);
        db.Add(entry);
        Touch(account, now);
        Timeline.TimelineEvents.Record(db, account.CustomerId, now, EventType(change.Kind), $"{change.Points} points {Verb(change.Kind)}", "loyalty_entry", entry.Id,
            new { kind = Word(change.Kind), points = -change.Points, balance = account.Balance, change.Reference, change.Reason });
        return entry;
    }

    /// <summary>
    /// Takes back the share of a purchase's earn that its refunds now cover: from the earn's own lot first, then
    /// from the other lots; what the balance cannot cover becomes shortfall, never a negative balance.
    /// </summary>
    public static async Task<LoyaltyEntry?> ReverseAsync(
        TenantDbContext db, Purchases.Purchase purchase, Guid refundId, DateTime now, CancellationToken cancellationToken)
    {
        var earn = await db.Set<LoyaltyEntry>().AsNoTracking()
            .FirstOrDefaultAsync(e => e.PurchaseId == purchase.Id && e.Kind == EntryKind.Earn, cancellationToken);
        if (earn is null)
        {
            return null;
        }

        var reversed = -(await db.Set<LoyaltyEntry>().Where(e => e.PurchaseId == purchase.Id && e.Kind == EntryKind.Reverse)
            .SumAsync(e => (long?)e.Points, cancellationToken) ?? 0);
        var points = EarnRules.ReversalTarget(earn.Points, purchase.Amount, purchase.RefundedAmount) - reversed;
        if (points <= 0)
        {
            return null;
        }

        var account = (await OpenAsync(db, earn.CustomerId, create: true, now, cancellationToken))!;
        var covered = Math.Min(points, account.Balance);
        await ConsumeAsync(db, account.CustomerId, covered, preferredLot: earn.Id, now, cancellationToken);
        account.Balance -= covered;
        account.Shortfall += points - covered;
        var change = new PointsChange(EntryKind.Reverse, points) { PurchaseId = purchase.Id, RefundId = refundId };
        var entry = Entry(account, change, -points, now, reverses: earn.Id);
        db.Add(entry);
        Touch(account, now);
        Timeline.TimelineEvents.Record(db, account.CustomerId, now, EventType(EntryKind.Reverse),
            points == covered ? $"{points} points reversed by a refund" : $"{points} points reversed by a refund ({points - covered} already spent, recorded as shortfall)",
            "loyalty_entry", entry.Id, new { kind = "reverse", points = -points, shortfall = points - covered, balance = account.Balance, purchaseId = purchase.Id });
        return entry;
    }

    /// <summary>Zeroes the customer's lots whose date has passed, with one <c>expire</c> entry for them all.</summary>
    public static async Task<LoyaltyEntry?> ExpireDueAsync(TenantDbContext db, LoyaltyAccount account, DateTime now, CancellationToken cancellationToken)
    {
        var due = await db.Set<LoyaltyLot>()
            .Where(l => l.CustomerId == account.CustomerId && l.Remaining > 0 && l.ExpiresAt <= now)
            .ToListAsync(cancellationToken);
        var points = due.Sum(l => l.Remaining);
        if (points == 0)
        {
            return null;
        }

        foreach (var lot in due)
        {
            lot.Remaining = 0;
        }

        return RecordExpiry(db, account, points, now);
    }

    /// <summary>The account side of an expiry whose lots the caller zeroes (one by one, or set-based in the nightly job).</summary>
    internal static LoyaltyEntry RecordExpiry(TenantDbContext db, LoyaltyAccount account, long points, DateTime now)
    {
        account.Balance -= points;
        var entry = Entry(account, new PointsChange(EntryKind.Expire, points), -points, now);
        db.Add(entry);
        Touch(account, now);
        Timeline.TimelineEvents.Record(db, account.CustomerId, now, EventType(EntryKind.Expire), $"{points} points expired", "loyalty_entry", entry.Id,
            new { kind = "expire", points = -points, balance = account.Balance });
        return entry;
    }

    /// <summary>Points earned (or spend) over the rolling window that decides the tier.</summary>
    public static async Task<long> QualifyingAsync(TenantDbContext db, LoyaltyProgram program, Guid customerId, DateTime now, CancellationToken cancellationToken) =>
        await TierCredits(db, program, now).Where(c => c.CustomerId == customerId).SumAsync(c => (long?)c.Amount, cancellationToken) ?? 0;

    /// <summary>
    /// What counts towards a tier within the rolling window, one row per purchase (net of refunds) or per earning entry
    /// (earned, bonus, or taken back by a refund): the one rule both a customer's own tier and the nightly re-evaluation sum.
    /// </summary>
    public static IQueryable<TierCredit> TierCredits(TenantDbContext db, LoyaltyProgram program, DateTime now)
    {
        var since = now.AddMonths(-EarnRules.TierWindowMonths);
        return program.TierBasis == TierBasis.Spend
            ? db.Purchases.Where(p => p.OccurredAt > since).Select(p => new TierCredit { CustomerId = p.CustomerId, Amount = p.Amount - p.RefundedAmount })
            : db.Set<LoyaltyEntry>()
                .Where(e => e.OccurredAt > since && (e.Kind == EntryKind.Earn || e.Kind == EntryKind.Bonus || e.Kind == EntryKind.Reverse))
                .Select(e => new TierCredit { CustomerId = e.CustomerId, Amount = e.Points });
    }

    /// <summary>Moves the account to <paramref name="tier"/>, leaving a timeline event when it changes.</summary>
    public static void SetTier(TenantDbContext db, LoyaltyAccount account, LoyaltyTier? tier, DateTime now)
    {
        if (account.Tier == tier?.Name)
        {
            return;
        }

        var from = account.Tier;
        account.Tier = tier?.Name;
        Touch(account, now);
        Timeline.TimelineEvents.Record(db, account.CustomerId, now, "loyalty.tier_changed",
            $"Loyalty tier changed from {from ?? "none"} to {tier?.Name ?? "none"}", "customer", account.CustomerId, new { from, to = tier?.Name });
    }

    public static string Word(EntryKind kind) => SnakeCaseEnumConverter<EntryKind>.ToWord(kind);

    private static async Task ConsumeAsync(TenantDbContext db, Guid customerId, long points, Guid? preferredLot, DateTime now, CancellationToken cancellationToken)
    {
        if (points <= 0)
        {
            return;
        }

        var saved = await db.Set<LoyaltyLot>()
            .Where(l => l.CustomerId == customerId && l.Remaining > 0 && (l.ExpiresAt == null || l.ExpiresAt > now))
            .ToListAsync(cancellationToken);
        var added = db.ChangeTracker.Entries<LoyaltyLot>()
            .Where(e => e.State == EntityState.Added && e.Entity.CustomerId == customerId && e.Entity.Remaining > 0)
            .Select(e => e.Entity);
        var order = saved.Concat(added).Distinct()
            .OrderBy(l => l.Id == preferredLot ? 0 : 1)
            .ThenBy(l => l.ExpiresAt is null ? 1 : 0).ThenBy(l => l.ExpiresAt)
            .ThenBy(l => l.EarnedAt).ThenBy(l => l.Id);
        var left = points;
        foreach (var lot in order)
        {
            var take = Math.Min(lot.Remaining, left);
            lot.Remaining -= take;
            left -= take;
            if (left == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Loyalty account {customerId} holds fewer points in its lots than its balance says.");
    }

    private static LoyaltyEntry Entry(LoyaltyAccount account, PointsChange change, long signedPoints, DateTime now, Guid? reverses = null) => new()
    {
        Id = Guid.CreateVersion7(),
        CustomerId = account.CustomerId,
        Kind = change.Kind,
        Points = signedPoints,
        BalanceAfter = account.Balance,
        ShortfallAfter = account.Shortfall,
        OccurredAt = now,
        ExpiresAt = signedPoints > 0 ? change.ExpiresAt : null,
        PurchaseId = change.PurchaseId,
        RefundId = change.RefundId,
        ComplaintId = change.ComplaintId,
        ReversesEntryId = reverses,
        Reference = change.Reference,
        Reason = change.Reason,
        ActorType = change.Actor?.Type,
        ActorId = change.Actor?.Id,
        DedupKey = change.DedupKey,
    };

    private static void Touch(LoyaltyAccount account, DateTime now)
    {
        account.UpdatedAt = now;
        account.Version++;
    }

    /// <summary>Unchanged rows tracked from an earlier attempt may be stale: drop them so the next read is fresh.</summary>
    private static void ForgetUnchanged(TenantDbContext db, Guid customerId)
    {
        foreach (var entry in db.ChangeTracker.Entries<LoyaltyAccount>().Where(e => e.Entity.CustomerId == customerId && e.State == EntityState.Unchanged).ToList())
        {
            entry.State = EntityState.Detached;
        }

        foreach (var entry in db.ChangeTracker.Entries<LoyaltyLot>().Where(e => e.Entity.CustomerId == customerId && e.State == EntityState.Unchanged).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static string EventType(EntryKind kind) => kind switch
    {
        EntryKind.Earn => "loyalty.earned",
        EntryKind.Bonus => "loyalty.bonus",
        EntryKind.Redeem => "loyalty.redeemed",
        EntryKind.Expire => "loyalty.expired",
        EntryKind.Adjust => "loyalty.adjusted",
        EntryKind.Reverse => "loyalty.reversed",
        EntryKind.Award => "loyalty.awarded",
        _ => "loyalty.goodwill",
    };

    private static string Verb(EntryKind kind) => kind switch
    {
        EntryKind.Earn => "earned",
        EntryKind.Bonus => "bonus",
        EntryKind.Redeem => "redeemed",
        EntryKind.Adjust => "adjusted",
        EntryKind.Award => "awarded by a partner",
        _ => "granted as goodwill",
    };
}

/// <summary>One amount counting towards a customer's tier (see <see cref="PointsLedger.TierCredits"/>).</summary>
public sealed class TierCredit
{
    public Guid CustomerId { get; init; }

    public long Amount { get; init; }
}
