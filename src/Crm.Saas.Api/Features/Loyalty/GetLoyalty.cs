using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// A customer's points now: the unexpired remaining lots (a lot past its date counts as gone even before the nightly
/// job writes its expiry), the tier from the rolling window, and what expires soon.
/// </summary>
internal static class GetLoyalty
{
    public static async Task<Results<Ok<LoyaltySummary>, ProblemHttpResult>> Handle(
        Guid customerId, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        var now = StoredTime.Now(clock);
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        var shortfall = await db.Set<LoyaltyAccount>().Where(a => a.CustomerId == customerId).Select(a => a.Shortfall).FirstOrDefaultAsync(cancellationToken);
        var lots = await PointsBalance.UnexpiredLots(db, customerId, now)
            .Select(l => new { l.Remaining, l.ExpiresAt })
            .ToListAsync(cancellationToken);
        long ExpiringWithin(int days) => lots.Where(l => l.ExpiresAt <= now.AddDays(days)).Sum(l => l.Remaining);

        var qualifying = await PointsLedger.QualifyingAsync(db, program, customerId, now, cancellationToken);
        var tier = EarnRules.TierFor(program.Tiers, qualifying);
        var next = EarnRules.NextTier(program.Tiers, qualifying);
        return TypedResults.Ok(new LoyaltySummary(
            customerId,
            lots.Sum(l => l.Remaining),
            shortfall,
            tier is null ? null : new TierStatus(tier.Name, tier.Multiplier, tier.Threshold),
            next is null ? null : new NextTier(next.Name, next.Threshold, next.Threshold - qualifying),
            program.TierBasis,
            qualifying,
            new ExpiringPoints(ExpiringWithin(30), ExpiringWithin(60), ExpiringWithin(90))));
    }
}

/// <summary>A customer's loyalty standing. <c>qualifying</c> is what the tier is measured on over the rolling 12 months.</summary>
public sealed record LoyaltySummary(
    Guid CustomerId, long Balance, long Shortfall, TierStatus? Tier, NextTier? NextTier, TierBasis TierBasis, long Qualifying, ExpiringPoints Expiring);

public sealed record TierStatus(string Name, decimal Multiplier, long Threshold);

/// <summary>The next tier up and how much more (points or minor units, by the programme's basis) it needs.</summary>
public sealed record NextTier(string Name, long Threshold, long Remaining);

/// <summary>Points that expire within the next 30, 60 and 90 days (each includes the shorter windows).</summary>
public sealed record ExpiringPoints(long Within30Days, long Within60Days, long Within90Days);
