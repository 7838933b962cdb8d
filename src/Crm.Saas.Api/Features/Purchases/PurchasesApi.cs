using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>Sales and refunds: what drives customer facts, lifecycle stage, RFM and (later) loyalty points.</summary>
public static class PurchasesApi
{
    public static void MapPurchases(this IEndpointRouteBuilder v1)
    {
        var ofCustomer = v1.MapGroup("/customers/{customerId:guid}/purchases").WithTags("Purchases");
        var purchases = v1.MapGroup("/purchases").WithTags("Purchases");

        ofCustomer.MapPost("/", RecordPurchase.Handle).WithName("RecordPurchase").RequireScope(Scopes.PurchasesWrite)
            .WithSummary("Record a sale for a customer; the same externalRef again returns the first purchase (200, Idempotent-Replayed).")
            .Validate<PurchaseRequest>().WithIdempotency<PurchaseRequest>().ProducesProblem(404).ProducesProblem(409);
        ofCustomer.MapGet("/", ListPurchases.ForCustomer).WithName("ListCustomerPurchases").RequireScope(Scopes.PurchasesRead)
            .WithSummary("A customer's purchases, newest first; filters from, to, channel, currency, minAmount.").Validate<PurchaseListQuery>().ProducesProblem(404);
        purchases.MapGet("/", ListPurchases.ForTenant).WithName("ListPurchases").RequireScope(Scopes.PurchasesRead)
            .WithSummary("All purchases, newest first; filters from, to, channel, currency, minAmount.").Validate<PurchaseListQuery>();
        purchases.MapGet("/{id:guid}", GetPurchase.Handle).WithName("GetPurchase").RequireScope(Scopes.PurchasesRead)
            .WithSummary("Read a purchase; sends its ETag (If-None-Match gives 304).").Produces(304).ProducesProblem(404);
        purchases.MapPost("/{id:guid}/refunds", RefundPurchase.Handle).WithName("RefundPurchase").RequireScope(Scopes.PurchasesWrite)
            .WithSummary("Refund part or all of what is left of a purchase; more than is left is a 409 naming the remainder.")
            .Validate<RefundRequest>().WithIdempotency<RefundRequest>().ProducesProblem(404).ProducesProblem(409);
    }
}
