using System.Security.Claims;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>An admin's correction with a reason: adds a lot, or takes points out like a redemption (never below zero).</summary>
internal static class AdjustPoints
{
    public static async Task<Results<CreatedResourceResult<PointsChangeResponse>, ProblemHttpResult>> Handle(
        Guid customerId, AdjustRequest request, ClaimsPrincipal user, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        var now = StoredTime.Now(clock);
        var points = request.Points!.Value;
        var account = await PointsLedger.OpenAsync(db, customerId, create: points > 0, now, cancellationToken);
        LoyaltyEntry? entry;
        if (points > 0)
        {
            var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
            entry = PointsLedger.Credit(db, account!, new PointsChange(EntryKind.Adjust, points)
            {
                Reason = request.Reason, Actor = user.Actor(), ExpiresAt = EarnRules.ExpiryFor(now, program.ValidityMonths),
            }, now);
        }
        else
        {
            entry = account is null ? null : await PointsLedger.DebitAsync(db, account,
                new PointsChange(EntryKind.Adjust, -points) { Reason = request.Reason, Actor = user.Actor() }, now, cancellationToken);
            if (entry is null)
            {
                return LoyaltyProblems.InsufficientPoints(account?.Balance ?? 0, -points);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return PointsChangeResponse.Created(entry);
    }
}
