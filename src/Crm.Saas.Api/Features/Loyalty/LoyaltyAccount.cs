using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// One customer's points at a glance, kept equal to the sum of the remaining lots by every ledger write, and the
/// row a write locks (PostgreSQL <c>FOR UPDATE</c>; SQLite serialises writers), so no two writes spend the same points.
/// </summary>
public sealed class LoyaltyAccount
{
    public Guid CustomerId { get; init; }

    /// <summary>Sum of the remaining points of the customer's lots; never below zero.</summary>
    public long Balance { get; set; }

    /// <summary>Points reversed by refunds after they were spent: paid off by the next credits before they count.</summary>
    public long Shortfall { get; set; }

    public string? Tier { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class LoyaltyAccountConfiguration : IEntityTypeConfiguration<LoyaltyAccount>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<LoyaltyAccount> account)
    {
        account.ToTable("loyalty_accounts", t => t.HasCheckConstraint("ck_loyalty_accounts_balance", "balance >= 0 AND shortfall >= 0"));
        account.HasKey(a => a.CustomerId);
        account.Property(a => a.CustomerId).ValueGeneratedNever();
        account.Property(a => a.Tier).HasMaxLength(LoyaltyLimits.TierName);
        account.Property(a => a.Version).IsConcurrencyToken();
        account.HasOne<Customer>().WithOne().HasForeignKey<LoyaltyAccount>(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
