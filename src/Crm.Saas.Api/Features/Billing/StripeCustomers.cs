using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>Each tenant has one Stripe customer, created on its first checkout or portal visit.</summary>
internal static class StripeCustomers
{
    /// <summary>
    /// The tenant's billing row with its Stripe customer. Nothing is written unless Stripe created the customer; two
    /// racing first calls get the same customer (same idempotency key) and one row.
    /// </summary>
    public static async Task<BillingAccount> EnsureAsync(
        TenantInfo tenant, CatalogDbContext catalog, StripeGateway stripe, PlanCatalogue plans, TimeProvider clock, CancellationToken cancellationToken)
    {
        var accounts = catalog.Set<BillingAccount>();
        var account = await accounts.FirstOrDefaultAsync(a => a.TenantId == tenant.Id, cancellationToken);
        if (account?.StripeCustomerId is not null)
        {
            return account;
        }

        var customer = await stripe.CreateCustomerAsync(tenant.Id, tenant.Name, cancellationToken);
        var now = StoredTime.Now(clock);
        if (account is null)
        {
            account = new BillingAccount { TenantId = tenant.Id, Plan = plans.NewTenantPlan, CreatedAt = now, UpdatedAt = now };
            accounts.Add(account);
        }

        account.StripeCustomerId = customer.Id;
        account.UpdatedAt = now;
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
            return account;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            catalog.ChangeTracker.Clear();
            return await accounts.FirstAsync(a => a.TenantId == tenant.Id, cancellationToken); // a racing call stored it
        }
    }
}
