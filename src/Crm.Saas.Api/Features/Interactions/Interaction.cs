using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Interactions;

/// <summary>A touch point with the customer (a call, a visit, a note…), with who recorded it.</summary>
public sealed class Interaction
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public Guid? ContactId { get; init; }

    public InteractionType Type { get; init; }

    public InteractionDirection Direction { get; init; }

    public required string Summary { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary><c>user</c> or <c>api_key</c>, and its id.</summary>
    public required string RecordedByType { get; init; }

    public Guid RecordedById { get; init; }

    public DateTime CreatedAt { get; init; }
}

public enum InteractionType
{
    Call,
    Email,
    Meeting,
    Visit,
    Chat,
    Note,
}

public enum InteractionDirection
{
    Inbound,
    Outbound,
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Interaction> interaction)
    {
        interaction.HasKey(i => i.Id);
        interaction.Property(i => i.Type).HasConversion<SnakeCaseEnumConverter<InteractionType>>().HasMaxLength(20);
        interaction.Property(i => i.Direction).HasConversion<SnakeCaseEnumConverter<InteractionDirection>>().HasMaxLength(20);
        interaction.Property(i => i.Summary).HasMaxLength(4000);
        interaction.Property(i => i.RecordedByType).HasMaxLength(20);
        interaction.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        interaction.HasIndex(i => new { i.CustomerId, i.OccurredAt });
    }
}
