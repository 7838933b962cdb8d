using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Loyalty;
using Crm.Saas.Api.Features.Purchases;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Purchases;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Loyalty;

/// <summary>
/// Thousands of random earns, redemptions, refunds, adjustments and expiry passes on simulated time, against the
/// real database through the ledger's own code (the same calls the endpoints and purchase events make), each one
/// checked after it commits against a plain in-memory model of lots: every lot's remaining points, every balance
/// and shortfall, and the identities Σ lots = balance and Σ entries = balance − shortfall.
/// </summary>
public abstract class LedgerModelTests(CrmApp app)
{
    private const int Operations = 2000;
    private const int ValidityMonths = 2;

    [Fact]
    public async Task Random_operations_match_a_reference_model_of_lots()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        await LoyaltyKit.SetProgramAsync(tenant.Client, LoyaltyKit.Program(validityMonths: ValidityMonths));
        var customers = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add(Guid.Parse(await PurchaseData.CreateCustomerAsync(tenant.Client, $"Customer {i}")));
        }

        var info = await TenantStore.InfoAsync(app, tenant.TenantId);
        var databases = app.Services.GetRequiredService<TenantDatabases>();
        var job = app.Services.GetRequiredService<PointsExpiry>();
        await using var setup = databases.Open(info);
        var program = await setup.Set<LoyaltyProgram>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);

        var model = new LedgerModel();
        var purchases = new List<(Guid Id, Guid CustomerId, long Amount, long Refunded, long Earned)>();
        var random = new Random(20261122);
        var now = StoredTime.Of(new DateTime(2027, 1, 10, 9, 0, 0, DateTimeKind.Utc));
        var counts = new Dictionary<string, int>();

        for (var step = 0; step < Operations; step++)
        {
            now = StoredTime.Of(now + TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 6)));
            var customer = customers[random.Next(customers.Count)];
            var roll = random.Next(100);
            string op;
            if (roll < 30)
            {
                op = "earn";
                var amount = (long)random.Next(1, 20_000);
                var purchaseId = await InTransactionAsync(databases, info, async db =>
                {
                    var owner = await db.Customers.SingleAsync(c => c.Id == customer);
                    var purchase = new Purchase { Id = Guid.CreateVersion7(), CustomerId = customer, Amount = amount, Currency = "EUR", OccurredAt = now, CreatedAt = now };
                    db.Purchases.Add(purchase);
                    PurchaseFacts.Record(owner, purchase, now);
                    await PurchaseEarning.EarnAsync(db, program, purchase, owner, now, default);
                    return purchase.Id;
                });
                var earned = EarnRules.PointsFor(amount, program, 1m);
                model.Open(customer, now);
                if (earned > 0)
                {
                    model.Credit(customer, earned, await NewLotAsync(databases, info, customer, now), now, EarnRules.ExpiryFor(now, ValidityMonths));
                    model.RememberPurchase(purchaseId);
                }

                purchases.Add((purchaseId, customer, amount, 0, earned));
            }
            else if (roll < 45 && purchases.Count > 0)
            {
                op = "refund";
                var index = random.Next(purchases.Count);
                var p = purchases[index];
                if (p.Refunded == p.Amount)
                {
                    continue;
                }

                var refund = random.Next(2) == 0 ? p.Amount - p.Refunded : random.NextInt64(1, p.Amount - p.Refunded + 1);
                await InTransactionAsync(databases, info, async db =>
                {
                    var purchase = await db.Purchases.SingleAsync(x => x.Id == p.Id);
                    var row = new Refund { Id = Guid.CreateVersion7(), PurchaseId = p.Id, Amount = refund, CreatedAt = now };
                    db.Refunds.Add(row);
                    purchase.RefundedAmount += refund;
                    purchase.Version++;
                    await PointsLedger.ReverseAsync(db, purchase, row.Id, now, default);
                    return 0;
                });
                var before = EarnRules.ReversalTarget(p.Earned, p.Amount, p.Refunded);
                var after = EarnRules.ReversalTarget(p.Earned, p.Amount, p.Refunded + refund);
                if (p.Earned > 0 && after > before)
                {
                    model.Reverse(p.CustomerId, after - before, model.LotOfPurchase(p.Id), now);
                }

                purchases[index] = p with { Refunded = p.Refunded + refund };
            }
            else if (roll < 75)
            {
                op = "redeem";
                var points = random.NextInt64(1, Math.Max(2, model.Balance(customer, now) + 20));
                var done = await InTransactionAsync(databases, info, async db =>
                {
                    var account = await PointsLedger.OpenAsync(db, customer, create: false, now, default);
                    return account is not null && await PointsLedger.DebitAsync(db, account, new PointsChange(EntryKind.Redeem, points), now, default) is not null;
                });
                model.Open(customer, now);
                Assert.Equal(model.Debit(customer, points), done);
            }
            else if (roll < 90)
            {
                op = "adjust";
                var points = random.Next(2) == 0 ? random.NextInt64(1, 500) : -random.NextInt64(1, Math.Max(2, model.Balance(customer, now) + 20));
                var done = await InTransactionAsync(databases, info, async db =>
                {
                    var account = await PointsLedger.OpenAsync(db, customer, create: points > 0, now, default);
                    if (points > 0)
                    {
                        PointsLedger.Credit(db, account!, new PointsChange(EntryKind.Adjust, points) { ExpiresAt = EarnRules.ExpiryFor(now, ValidityMonths) }, now);
                        return true;
                    }

                    return account is not null && await PointsLedger.DebitAsync(db, account, new PointsChange(EntryKind.Adjust, -points), now, default) is not null;
                });
                model.Open(customer, now);
                if (points > 0)
                {
                    model.Credit(customer, points, await NewLotAsync(databases, info, customer, now), now, EarnRules.ExpiryFor(now, ValidityMonths));
                }
                else
                {
                    Assert.Equal(model.Debit(customer, -points), done);
                }
            }
            else
            {
                op = "expire";
                var result = await job.RunForTenantAsync(info, now, TestContext.Current.CancellationToken);
                Assert.Equal(model.ExpireAll(now), result.PointsExpired);
            }

            counts[op] = counts.GetValueOrDefault(op) + 1;
            await AssertMatchesAsync(databases, info, model, customers, step, op);
        }

        // Every kind of operation ran often enough to matter.
        Assert.All(["earn", "refund", "redeem", "adjust", "expire"], op => Assert.True(counts.GetValueOrDefault(op) > 100, $"{op}: {counts.GetValueOrDefault(op)}"));
        Assert.True(model.Lots.Values.Any(l => l.Remaining == 0), "some lot was spent or expired");
    }

    private static async Task<T> InTransactionAsync<T>(TenantDatabases databases, TenantInfo tenant, Func<TenantDbContext, Task<T>> work)
    {
        await using var db = databases.Open(tenant);
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var result = await work(db);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        return result;
    }

    /// <summary>The lot the last credit made (time moves on every step, so it is the customer's only lot earned now).</summary>
    private static async Task<Guid> NewLotAsync(TenantDatabases databases, TenantInfo tenant, Guid customer, DateTime now)
    {
        await using var db = databases.Open(tenant);
        return await db.Set<LoyaltyLot>().Where(l => l.CustomerId == customer && l.EarnedAt == now).Select(l => l.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task AssertMatchesAsync(TenantDatabases databases, TenantInfo tenant, LedgerModel model, List<Guid> customers, int step, string op)
    {
        await using var db = databases.Open(tenant);
        var lots = await db.Set<LoyaltyLot>().AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Remaining, TestContext.Current.CancellationToken);
        var accounts = await db.Set<LoyaltyAccount>().AsNoTracking().ToDictionaryAsync(a => a.CustomerId, TestContext.Current.CancellationToken);
        var entrySums = await db.Set<LoyaltyEntry>().GroupBy(e => e.CustomerId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, TestContext.Current.CancellationToken);
        var lotCustomers = await db.Set<LoyaltyLot>().AsNoTracking().GroupBy(l => l.CustomerId).Select(g => new { g.Key, Sum = g.Sum(l => l.Remaining) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, TestContext.Current.CancellationToken);

        var where = $"after step {step} ({op})";
        Assert.True(model.Lots.Count == lots.Count, $"{where}: {lots.Count} lots, model has {model.Lots.Count}");
        foreach (var (id, lot) in model.Lots)
        {
            Assert.True(lots.TryGetValue(id, out var remaining) && remaining == lot.Remaining, $"{where}: lot {id} has {remaining}, model {lot.Remaining}");
        }

        foreach (var customer in customers)
        {
            var account = accounts.GetValueOrDefault(customer);
            var (balance, shortfall) = model.Account(customer);
            Assert.True((account?.Balance ?? 0) == balance, $"{where}: balance {account?.Balance} vs model {balance}");
            Assert.True((account?.Shortfall ?? 0) == shortfall, $"{where}: shortfall {account?.Shortfall} vs model {shortfall}");
            Assert.Equal(balance, lotCustomers.GetValueOrDefault(customer));
            Assert.Equal(balance - shortfall, entrySums.GetValueOrDefault(customer));
        }
    }

    /// <summary>
    /// The reference: per customer a list of lots (amount left, expiry) and a shortfall, with the rules written as
    /// plainly as possible. Every write first expires the customer's due lots; the nightly pass expires everyone's.
    /// </summary>
    private sealed class LedgerModel
    {
        public sealed class Lot(Guid customer, long remaining, DateTime earnedAt, DateTime? expiresAt)
        {
            public Guid Customer { get; } = customer;

            public long Remaining { get; set; } = remaining;

            public DateTime EarnedAt { get; } = earnedAt;

            public DateTime? ExpiresAt { get; } = expiresAt;
        }

        private readonly Dictionary<Guid, long> _shortfall = [];
        private readonly Dictionary<Guid, Guid> _purchaseLots = [];

        public Dictionary<Guid, Lot> Lots { get; } = [];

        public Guid? LotOfPurchase(Guid purchaseId) => _purchaseLots.TryGetValue(purchaseId, out var lot) ? lot : null;

        public (long Balance, long Shortfall) Account(Guid customer) =>
            (Lots.Values.Where(l => l.Customer == customer).Sum(l => l.Remaining), _shortfall.GetValueOrDefault(customer));

        /// <summary>The balance a client would see now (due lots count as gone).</summary>
        public long Balance(Guid customer, DateTime now) =>
            Lots.Values.Where(l => l.Customer == customer && !(l.ExpiresAt <= now)).Sum(l => l.Remaining);

        public void Open(Guid customer, DateTime now)
        {
            foreach (var lot in Lots.Values.Where(l => l.Customer == customer && l.ExpiresAt <= now))
            {
                lot.Remaining = 0;
            }
        }

        public long ExpireAll(DateTime now)
        {
            var expired = 0L;
            foreach (var lot in Lots.Values.Where(l => l.ExpiresAt <= now))
            {
                expired += lot.Remaining;
                lot.Remaining = 0;
            }

            return expired;
        }

        public void Credit(Guid customer, long points, Guid lotId, DateTime now, DateTime? expiresAt)
        {
            var paid = Math.Min(points, _shortfall.GetValueOrDefault(customer));
            _shortfall[customer] = _shortfall.GetValueOrDefault(customer) - paid;
            Lots[lotId] = new Lot(customer, points - paid, now, expiresAt);
            _lastLot = lotId;
        }

        public bool Debit(Guid customer, long points)
        {
            if (Account(customer).Balance < points)
            {
                return false;
            }

            Take(customer, points, preferred: null);
            return true;
        }

        public void Reverse(Guid customer, long points, Guid? earnLot, DateTime now)
        {
            Open(customer, now);
            var covered = Math.Min(points, Account(customer).Balance);
            Take(customer, covered, earnLot);
            _shortfall[customer] = _shortfall.GetValueOrDefault(customer) + points - covered;
        }

        /// <summary>Links the lot the last credit made to its purchase (called right after an earn).</summary>
        public void RememberPurchase(Guid purchaseId) => _purchaseLots[purchaseId] = _lastLot;

        private Guid _lastLot;

        private void Take(Guid customer, long points, Guid? preferred)
        {
            var order = Lots.Where(l => l.Value.Customer == customer && l.Value.Remaining > 0)
                .OrderBy(l => l.Key == preferred ? 0 : 1)
                .ThenBy(l => l.Value.ExpiresAt is null ? 1 : 0).ThenBy(l => l.Value.ExpiresAt).ThenBy(l => l.Value.EarnedAt);
            foreach (var (_, lot) in order)
            {
                var take = Math.Min(points, lot.Remaining);
                lot.Remaining -= take;
                points -= take;
            }

            Assert.Equal(0, points);
        }
    }
}

public sealed class LedgerModelOnSqlite(SqliteApp app) : LedgerModelTests(app), IClassFixture<SqliteApp>;

public sealed class LedgerModelOnPostgres(PostgresApp app) : LedgerModelTests(app), IClassFixture<PostgresApp>;
