using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>A sale: what drives loyalty earning, lifecycle stage, RFM and win-back.</summary>
public sealed class Purchase
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>Integer minor units (cents), never a float.</summary>
    public long Amount { get; init; }

    /// <summary>ISO 4217, upper case.</summary>
    public required string Currency { get; init; }

    public DateTime OccurredAt { get; init; }

    public PurchaseChannel Channel { get; init; }

    /// <summary>The partner's reference for the sale; unique per tenant, so a re-sent sale never counts twice.</summary>
    public string? ExternalRef { get; init; }

    public long RefundedAmount { get; set; }

    public List<PurchaseLine> Lines { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    public int Version { get; set; } = 1;
}

/// <summary>A line of a purchase.</summary>
public sealed class PurchaseLine
{
    public required string Sku { get; init; }

    public required string Name { get; init; }

    public int Quantity { get; init; }

    public long Amount { get; init; }
}

/// <summary>Money given back on a purchase: partial or full, never more than is left.</summary>
public sealed class Refund
{
    public Guid Id { get; init; }

    public Guid PurchaseId { get; init; }

    public long Amount { get; init; }

    public string? Reason { get; init; }

    public DateTime CreatedAt { get; init; }
}

public enum PurchaseChannel
{
    Store,
    Web,
    Phone,
    Partner,
    Other,
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Purchase> purchase)
    {
        purchase.HasKey(p => p.Id);
        purchase.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        purchase.Property(p => p.Channel).HasConversion<SnakeCaseEnumConverter<PurchaseChannel>>().HasMaxLength(20);
        purchase.Property(p => p.ExternalRef).HasMaxLength(100);
        purchase.HasIndex(p => p.ExternalRef).IsUnique().HasFilter("external_ref IS NOT NULL");
        purchase.Property(p => p.Version).IsConcurrencyToken();
        purchase.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        purchase.HasIndex(p => new { p.CustomerId, p.OccurredAt });
        purchase.HasIndex(p => p.OccurredAt);
        purchase.OwnsMany(p => p.Lines, line =>
        {
            line.ToJson();
            line.Property(l => l.Sku).HasMaxLength(64);
            line.Property(l => l.Name).HasMaxLength(200);
        });
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Refund> refund)
    {
        refund.HasKey(r => r.Id);
        refund.Property(r => r.Reason).HasMaxLength(500);
        refund.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        refund.HasIndex(r => r.PurchaseId);
    }
}
