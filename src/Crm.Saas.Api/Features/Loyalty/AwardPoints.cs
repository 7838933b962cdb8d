using System.Security.Claims;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>Points from a partner (a shop plug-in, a campaign), with the partner's reference; the customer by id, external id or email.</summary>
internal static class AwardPoints
{
    public static async Task<Results<CreatedResourceResult<PointsChangeResponse>, ProblemHttpResult>> Handle(
        AwardRequest request, ClaimsPrincipal user, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var customer = request switch
        {
            { CustomerId: { } id } => await CustomerQueries.ReadLiveById(db, id, cancellationToken),
            { ExternalId: { } externalId } => await CustomerQueries.LiveByExternalId(db, externalId, cancellationToken),
            _ => await CustomerQueries.LiveByEmail(db, request.Email!, cancellationToken),
        };
        if (customer is null)
        {
            return CustomerQueries.NotFound();
        }

        var now = StoredTime.Now(clock);
        var program = await LoyaltyProgramQueries.CurrentAsync(db, cancellationToken);
        var account = (await PointsLedger.OpenAsync(db, customer.Id, create: true, now, cancellationToken))!;
        var entry = PointsLedger.Credit(db, account, new PointsChange(EntryKind.Award, request.Points!.Value)
        {
            Reference = request.Reference, Reason = request.Reason, Actor = user.Actor(), ExpiresAt = EarnRules.ExpiryFor(now, program.ValidityMonths),
        }, now);
        await db.SaveChangesAsync(cancellationToken);
        return PointsChangeResponse.Created(entry);
    }
}
