using System.Security.Claims;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// Spends points. Racing redemptions queue on the account row, so each one sees the balance the previous one left:
/// the balance can never go below zero, and the loser gets a 409 with what is left.
/// </summary>
internal static class RedeemPoints
{
    public static async Task<Results<CreatedResourceResult<PointsChangeResponse>, ProblemHttpResult>> Handle(
        Guid customerId, RedeemRequest request, ClaimsPrincipal user, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        var points = request.Points!.Value;
        if (points < program.MinimumRedemption)
        {
            return LoyaltyProblems.BelowMinimum(program.MinimumRedemption);
        }

        var now = StoredTime.Now(clock);
        var account = await PointsLedger.OpenAsync(db, customerId, create: false, now, cancellationToken);
        var entry = account is null ? null : await PointsLedger.DebitAsync(db, account,
            new PointsChange(EntryKind.Redeem, points) { Reason = request.Reason, Reference = request.Reference, Actor = user.Actor() }, now, cancellationToken);
        if (entry is null)
        {
            return LoyaltyProblems.InsufficientPoints(account?.Balance ?? 0, points);
        }

        await db.SaveChangesAsync(cancellationToken);
        return PointsChangeResponse.Created(entry);
    }
}
