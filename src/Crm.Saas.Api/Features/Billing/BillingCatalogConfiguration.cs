using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>The billing tables of the catalog (schema <c>platform</c> / <c>platform.db</c>).</summary>
internal static class BillingCatalogConfiguration
{
    public static void ConfigureBilling(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BillingAccount>(account =>
        {
            account.ToTable("billing_accounts");
            account.HasKey(a => a.TenantId);
            account.Property(a => a.Plan).HasMaxLength(40);
            account.Property(a => a.StripeCustomerId).HasMaxLength(100);
            account.HasIndex(a => a.StripeCustomerId).IsUnique();
            account.Property(a => a.StripeSubscriptionId).HasMaxLength(100);
            account.Property(a => a.Status).HasMaxLength(30);
            account.HasOne<Tenant>().WithOne().HasForeignKey<BillingAccount>(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StripeEventRecord>(stripeEvent =>
        {
            stripeEvent.ToTable("stripe_events");
            stripeEvent.HasKey(e => e.Id);
            stripeEvent.Property(e => e.Id).HasMaxLength(255);
            stripeEvent.Property(e => e.Type).HasMaxLength(100);
            stripeEvent.Property(e => e.Outcome).HasMaxLength(100);
            stripeEvent.HasIndex(e => e.ReceivedAt);
        });
    }
}
