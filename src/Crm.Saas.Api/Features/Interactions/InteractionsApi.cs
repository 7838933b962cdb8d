using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Interactions;

/// <summary>Calls, mails, meetings, visits, chats and notes: every touch point, recorded with who recorded it.</summary>
public static class InteractionsApi
{
    public static void MapInteractions(this IEndpointRouteBuilder v1)
    {
        var ofCustomer = v1.MapGroup("/customers/{customerId:guid}/interactions").WithTags("Interactions");
        ofCustomer.MapPost("/", LogInteraction.Handle).WithName("LogInteraction").RequireScope(Scopes.InteractionsWrite)
            .WithSummary("Record an interaction with a customer (and optionally one of its contacts).")
            .Validate<LogInteractionRequest>().WithIdempotency<LogInteractionRequest>().ProducesProblem(404);
        ofCustomer.MapGet("/", ListInteractions.Handle).WithName("ListInteractions").RequireScope(Scopes.InteractionsRead)
            .WithSummary("List a customer's interactions, newest first, cursor-paginated.")
            .Produces<Page<InteractionResponse>>().Validate<InteractionListQuery>().ProducesProblem(404);

        v1.MapGroup("/interactions").WithTags("Interactions")
            .MapGet("/{id:guid}", GetInteraction.Handle).WithName("GetInteraction").RequireScope(Scopes.InteractionsRead)
            .WithSummary("Read an interaction; sends its ETag (If-None-Match gives 304).").Produces(304).ProducesProblem(404);
    }
}
