using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// Writing customers, shared by create, patch, upsert and batch: the uniqueness rules (email, external id) and
/// what a failed save leaves behind, so that every way in behaves the same.
/// </summary>
internal static class CustomerWrites
{
    /// <summary>A 409 naming the customer that already holds this email or external id, or null.</summary>
    public static async Task<ProblemHttpResult?> ConflictAsync(TenantDbContext db, CustomerFields fields, Guid? self, CancellationToken cancellationToken) =>
        await CustomerQueries.EmailOwnerAsync(db, fields.Email, self, cancellationToken) is { } byEmail
            ? CustomerQueries.DuplicateEmail(byEmail)
            : await CustomerQueries.ExternalIdOwnerAsync(db, fields.ExternalId, self, cancellationToken) is { } byExternalId
                ? CustomerQueries.DuplicateExternalId(byExternalId)
                : null;

    /// <summary>A new customer, with its <c>customer.created</c> timeline event and its welcome mail, saved by the caller.</summary>
    public static Customer Add(TenantDbContext db, CustomerFields fields, DateTime now, INewCustomerMail welcome)
    {
        var customer = new Customer { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        fields.ApplyTo(customer, now);
        db.Customers.Add(customer);
        Timeline.TimelineEvents.Record(db, customer.Id, now, "customer.created", $"Customer {customer.Name} created.", "customer", customer.Id);
        welcome.QueueFor(db, customer, now);
        return customer;
    }

    /// <summary>Writes new fields onto a customer (a patch, an upsert), with its <c>customer.updated</c> event.</summary>
    public static void Change(TenantDbContext db, Customer customer, CustomerFields fields, DateTime now)
    {
        fields.ApplyTo(customer, now);
        customer.Touch(now);
        Timeline.TimelineEvents.Record(db, customer.Id, now, "customer.updated", $"Customer {customer.Name} updated.", "customer", customer.Id);
    }

    /// <summary>
    /// Saves; when a racing write took the email or external id in between, answers the same 409 as the pre-check
    /// and forgets the failed changes, so the next save on this context (the next item of a batch) starts clean.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync(TenantDbContext db, CustomerFields fields, Guid self, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            Forget(db);
            return await ConflictAsync(db, fields, self, cancellationToken) ?? CustomerQueries.DuplicateEmail(Guid.Empty);
        }
    }

    /// <summary>Drops every pending change of this context.</summary>
    public static void Forget(TenantDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is not EntityState.Unchanged and not EntityState.Detached).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
