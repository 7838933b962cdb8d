using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Infrastructure.Idempotency;

/// <summary>The first response to a creating request, kept 24 hours so that a retry with the same key replays it.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; init; }

    /// <summary>SHA-256 of the route and the request as bound; the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.HasKey(r => r.Key);
        record.Property(r => r.Key).HasMaxLength(IdempotencyFilter.MaxKeyLength);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.Location).HasMaxLength(500);
        record.Property(r => r.ETag).HasMaxLength(100);
        record.HasIndex(r => r.ExpiresAt);
    }
}
