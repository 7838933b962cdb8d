namespace Crm.Saas.Api.Features.Interactions;

/// <summary>An interaction as the API shows it.</summary>
public sealed record InteractionResponse(
    Guid Id,
    Guid CustomerId,
    Guid? ContactId,
    InteractionType Type,
    InteractionDirection Direction,
    string Summary,
    DateTime OccurredAt,
    RecordedBy RecordedBy,
    DateTime CreatedAt)
{
    public static InteractionResponse From(Interaction i) => new(
        i.Id, i.CustomerId, i.ContactId, i.Type, i.Direction, i.Summary, i.OccurredAt, new RecordedBy(i.RecordedByType, i.RecordedById), i.CreatedAt);
}

/// <summary>Who recorded it: <c>user</c> or <c>api_key</c>, and its id.</summary>
public sealed record RecordedBy(string Type, Guid Id);
