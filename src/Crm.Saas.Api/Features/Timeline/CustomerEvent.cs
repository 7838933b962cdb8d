using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>
/// One thing that happened to a customer. Every feature writes its events here, in the same transaction as the
/// change, so the timeline is one indexed read instead of a fan-out over every table.
/// </summary>
public sealed class CustomerEvent
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>Dotted kind: <c>customer.created</c>, <c>purchase.recorded</c>, <c>stage.changed</c>…</summary>
    public required string Type { get; init; }

    public required string Summary { get; init; }

    /// <summary>The entity the event is about (<c>purchase</c>, <c>interaction</c>…), for linking.</summary>
    public string? EntityType { get; init; }

    public Guid? EntityId { get; init; }

    /// <summary>Small JSON payload with the event's facts (amounts, stages…).</summary>
    public string? Data { get; init; }
}

internal sealed class CustomerEventConfiguration : IEntityTypeConfiguration<CustomerEvent>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<CustomerEvent> customerEvent)
    {
        customerEvent.HasKey(e => e.Id);
        customerEvent.Property(e => e.Type).HasMaxLength(50);
        customerEvent.Property(e => e.Summary).HasMaxLength(500);
        customerEvent.Property(e => e.EntityType).HasMaxLength(30);
        customerEvent.Property(e => e.Data).HasMaxLength(4000);

        // The timeline's one query: a customer's events, newest first, keyset-paginated.
        customerEvent.HasIndex(e => new { e.CustomerId, e.OccurredAt, e.Id }).IsDescending(false, true, true);
    }
}
