namespace Crm.Saas.Api.Features.Interactions;

/// <summary>A touch point to record.</summary>
public sealed record LogInteractionRequest
{
    /// <example>call</example>
    public InteractionType? Type { get; init; }

    /// <example>inbound</example>
    public InteractionDirection? Direction { get; init; }

    /// <example>Asked about the spring price list; sending it tomorrow.</example>
    public string? Summary { get; init; }

    /// <summary>When it happened (any offset; stored as UTC). At most 5 minutes in the future, for clock skew.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The contact spoken to, if any: a live contact of this customer.</summary>
    public Guid? ContactId { get; init; }
}
