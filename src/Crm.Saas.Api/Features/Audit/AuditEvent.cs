using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Audit;

/// <summary>One write to the tenant's data, memberships or keys: who, what, on which entity, when, from where.</summary>
public sealed class AuditEvent
{
    public Guid Id { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary><c>user</c> or <c>api_key</c>.</summary>
    public required string ActorType { get; init; }

    public Guid ActorId { get; init; }

    /// <summary>The operation, as named in the API document (<c>CreateCustomer</c>).</summary>
    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public string? EntityId { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public int StatusCode { get; init; }

    public string? ClientAddress { get; init; }

    public string? RequestId { get; init; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.HasKey(a => a.Id);
        audit.Property(a => a.ActorType).HasMaxLength(20);
        audit.Property(a => a.Action).HasMaxLength(100);
        audit.Property(a => a.EntityType).HasMaxLength(50);
        audit.Property(a => a.EntityId).HasMaxLength(100);
        audit.Property(a => a.Method).HasMaxLength(10);
        audit.Property(a => a.Path).HasMaxLength(500);
        audit.Property(a => a.ClientAddress).HasMaxLength(64);
        audit.Property(a => a.RequestId).HasMaxLength(100);
        audit.HasIndex(a => a.OccurredAt);
        audit.HasIndex(a => new { a.ActorId, a.OccurredAt });
        audit.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
