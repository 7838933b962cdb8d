using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// One line of the points ledger: append-only, never updated or deleted, so every balance can be explained.
/// Credits are positive and each has a <see cref="LoyaltyLot"/>; debits are negative.
/// </summary>
public sealed class LoyaltyEntry
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public EntryKind Kind { get; init; }

    /// <summary>Signed: what the entry credits or debits. A reversal may be partly recorded as shortfall (see <see cref="ShortfallAfter"/>).</summary>
    public long Points { get; init; }

    public long BalanceAfter { get; init; }

    public long ShortfallAfter { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>Credits: when the lot expires.</summary>
    public DateTime? ExpiresAt { get; init; }

    public Guid? PurchaseId { get; init; }

    public Guid? RefundId { get; init; }

    public Guid? ComplaintId { get; init; }

    /// <summary>A reversal: the earn entry it reverses.</summary>
    public Guid? ReversesEntryId { get; init; }

    /// <summary>The partner's or the till's own reference (awards, redemptions).</summary>
    public string? Reference { get; init; }

    public string? Reason { get; init; }

    /// <summary><c>user</c>, <c>api_key</c> or null for the system (purchases, nightly jobs).</summary>
    public string? ActorType { get; init; }

    public Guid? ActorId { get; init; }

    /// <summary>Makes a credit happen once per customer (<c>purchase:{id}</c>, <c>first-purchase</c>, <c>birthday:2026</c>).</summary>
    public string? DedupKey { get; init; }
}

public enum EntryKind
{
    Earn,
    Bonus,
    Redeem,
    Expire,
    Adjust,
    Reverse,
    Award,
    Goodwill,
}

internal sealed class LoyaltyEntryConfiguration : IEntityTypeConfiguration<LoyaltyEntry>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<LoyaltyEntry> entry)
    {
        entry.ToTable("loyalty_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Kind).HasConversion<SnakeCaseEnumConverter<EntryKind>>().HasMaxLength(20);
        entry.Property(e => e.Reference).HasMaxLength(LoyaltyLimits.Reference);
        entry.Property(e => e.Reason).HasMaxLength(LoyaltyLimits.Reason);
        entry.Property(e => e.ActorType).HasMaxLength(20);
        entry.Property(e => e.DedupKey).HasMaxLength(100);
        entry.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);

        // The entries list (newest first, keyset), a purchase's earn and reversals, and the monthly report.
        entry.HasIndex(e => new { e.CustomerId, e.OccurredAt, e.Id }).IsDescending(false, true, true);
        entry.HasIndex(e => e.PurchaseId).HasFilter("purchase_id IS NOT NULL");
        entry.HasIndex(e => e.OccurredAt);
        entry.HasIndex(e => new { e.CustomerId, e.DedupKey }).IsUnique().HasFilter("dedup_key IS NOT NULL");
    }
}
