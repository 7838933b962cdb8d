using System.Security.Claims;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Timeline;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Interactions;

internal static class LogInteraction
{
    public static async Task<Results<CreatedResourceResult<InteractionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid customerId, LogInteractionRequest request, ClaimsPrincipal user, TenantDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await CustomerQueries.LiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        if (request.ContactId is { } contactId
            && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.CustomerId == customerId && c.DeletedAt == null, cancellationToken))
        {
            // A field error, not a 404: the customer exists, the body names a contact that is not one of its own.
            return ApiProblems.Validation("contactId", "Must be a contact of this customer.");
        }

        if (user.Actor() is not { } actor)
        {
            return ApiProblems.Problem(401, ProblemTypes.Unauthenticated, "Unauthenticated", "A user or API key credential is required.");
        }

        var interaction = new Interaction
        {
            Id = Guid.CreateVersion7(),
            CustomerId = customerId,
            ContactId = request.ContactId,
            Type = request.Type!.Value,
            Direction = request.Direction!.Value,
            Summary = request.Summary!.Trim(),
            OccurredAt = StoredTime.Of(request.OccurredAt!.Value.UtcDateTime),
            RecordedByType = actor.Type,
            RecordedById = actor.Id,
            CreatedAt = StoredTime.Now(clock),
        };
        db.Interactions.Add(interaction);
        var type = SnakeCaseEnumConverter<InteractionType>.ToWord(interaction.Type);
        var direction = SnakeCaseEnumConverter<InteractionDirection>.ToWord(interaction.Direction);
        Timeline.TimelineEvents.Record(db, customerId, interaction.OccurredAt, "interaction.logged", $"{type} ({direction}): {interaction.Summary}",
            "interaction", interaction.Id, new { type, direction, contactId = interaction.ContactId });
        await db.SaveChangesAsync(cancellationToken);

        return ResourceResults.Created(InteractionResponse.From(interaction), InteractionQueries.Version, $"/v1/interactions/{interaction.Id}");
    }
}
