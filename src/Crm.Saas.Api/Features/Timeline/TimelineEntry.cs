using System.Text.Json;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>One event on a customer's timeline, as the API shows it; <c>data</c> is the event's facts as a JSON object.</summary>
public sealed record TimelineEntry(
    Guid Id,
    DateTime OccurredAt,
    string Type,
    string Summary,
    string? EntityType,
    Guid? EntityId,
    JsonElement? Data)
{
    public static TimelineEntry From(CustomerEvent e) => new(
        e.Id, e.OccurredAt, e.Type, e.Summary, e.EntityType, e.EntityId,
        e.Data is null ? null : JsonDocument.Parse(e.Data).RootElement.Clone());
}
