using System.Text.Json;
using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>Adds an event to a customer's timeline; saved with the caller's own SaveChanges, in its transaction.</summary>
public static class TimelineEvents
{
    public static CustomerEvent Record(
        TenantDbContext db, Guid customerId, DateTime occurredAt, string type, string summary,
        string? entityType = null, Guid? entityId = null, object? data = null)
    {
        var entry = new CustomerEvent
        {
            Id = Guid.CreateVersion7(),
            CustomerId = customerId,
            OccurredAt = occurredAt,
            Type = type,
            Summary = summary.Length > 500 ? summary[..500] : summary,
            EntityType = entityType,
            EntityId = entityId,
            Data = data is null ? null : JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
        };
        db.CustomerEvents.Add(entry);
        return entry;
    }
}
