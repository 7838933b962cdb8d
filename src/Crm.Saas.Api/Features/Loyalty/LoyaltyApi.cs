using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>The points ledger: a customer's standing and entries, redeem, adjust, partner awards, the programme and its liability.</summary>
public static class LoyaltyApi
{
    public static void MapLoyalty(this IEndpointRouteBuilder v1)
    {
        var ofCustomer = v1.MapGroup("/customers/{customerId:guid}/loyalty").WithTags("Loyalty");
        var loyalty = v1.MapGroup("/loyalty").WithTags("Loyalty");

        ofCustomer.MapGet("/", GetLoyalty.Handle).WithName("GetCustomerLoyalty").RequireScope(Scopes.LoyaltyRead)
            .WithSummary("A customer's balance, shortfall, tier and progress to the next, and points expiring within 30/60/90 days.").ProducesProblem(404);
        ofCustomer.MapGet("/entries", ListLoyaltyEntries.Handle).WithName("ListLoyaltyEntries").RequireScope(Scopes.LoyaltyRead)
            .WithSummary("A customer's ledger entries, newest first, cursor-paginated, each with its source.")
            .Produces<Page<LoyaltyEntryResponse>>().Validate<LoyaltyEntryListQuery>().ProducesProblem(404);
        ofCustomer.MapPost("/redeem", RedeemPoints.Handle).WithName("RedeemPoints").RequireScope(Scopes.LoyaltyWrite)
            .WithSummary("Spend points (Idempotency-Key required); 409 with the current balance when it is short, 422 below the programme's minimum.")
            .Validate<RedeemRequest>().WithIdempotency<RedeemRequest>(required: true).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        ofCustomer.MapPost("/adjust", AdjustPoints.Handle).WithName("AdjustPoints").RequireAuthorization(Policies.Admin)
            .WithSummary("Correct a balance with a reason (admins; Idempotency-Key required); a negative adjustment never takes the balance below zero.")
            .Validate<AdjustRequest>().WithIdempotency<AdjustRequest>(required: true).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        loyalty.MapPost("/awards", AwardPoints.Handle).WithName("AwardPoints").RequireScope(Scopes.LoyaltyWrite)
            .WithSummary("Award points from a partner, naming the customer by customerId, externalId or email (Idempotency-Key required).")
            .Validate<AwardRequest>().WithIdempotency<AwardRequest>(required: true).ProducesProblem(404);
        loyalty.MapGet("/program", GetLoyaltyProgram.Handle).WithName("GetLoyaltyProgram").RequireScope(Scopes.LoyaltyRead)
            .WithSummary("The programme's rules (defaults, programme off, until an admin sets them); sends its ETag.").Produces(304);
        loyalty.MapPut("/program", UpdateLoyaltyProgram.Handle).WithName("UpdateLoyaltyProgram").RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the programme's rules (admins); If-Match optional. New rules apply to what is earned from then on.")
            .ValidatesAfterIfMatch().Produces<LoyaltyProgramResponse>().ProducesProblem(403).ProducesProblem(412);
        loyalty.MapGet("/liability", GetLiability.Handle).WithName("GetLoyaltyLiability").RequireAuthorization(Policies.Admin)
            .WithSummary("Outstanding points in total and by expiry month, and the points issued, redeemed, expired and reversed per month (admins).")
            .ProducesProblem(403);
    }
}
