using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>Reads every customer endpoint shares. Compiled: they are the hot path.</summary>
internal static class CustomerQueries
{
    private static readonly CompiledPerProvider<Func<TenantDbContext, Guid, CancellationToken, Task<Customer?>>> LiveByIdQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, Guid id, CancellationToken _) =>
            db.Customers.FirstOrDefault(c => c.Id == id && c.DeletedAt == null)));

    // Reads that change nothing skip the change tracker (snapshotting ~30 properties per row on the hottest path).
    private static readonly CompiledPerProvider<Func<TenantDbContext, Guid, CancellationToken, Task<Customer?>>> LiveByIdUntrackedQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, Guid id, CancellationToken _) =>
            db.Customers.AsNoTracking().FirstOrDefault(c => c.Id == id && c.DeletedAt == null)));

    private static readonly CompiledPerProvider<Func<TenantDbContext, string, CancellationToken, Task<Guid>>> LiveIdByEmailQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, string emailNormalized, CancellationToken _) =>
            db.Customers.Where(c => c.EmailNormalized == emailNormalized && c.DeletedAt == null).Select(c => c.Id).FirstOrDefault()));

    private static readonly CompiledPerProvider<Func<TenantDbContext, string, CancellationToken, Task<Customer?>>> LiveByExternalIdQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, string externalId, CancellationToken _) =>
            db.Customers.FirstOrDefault(c => c.ExternalId == externalId && c.DeletedAt == null)));

    public static Task<Customer?> LiveByExternalId(TenantDbContext db, string externalId, CancellationToken cancellationToken) =>
        LiveByExternalIdQuery.For(db)(db, externalId.Trim(), cancellationToken);

    public static Task<Customer?> LiveByEmail(TenantDbContext db, string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return db.Customers.FirstOrDefaultAsync(c => c.EmailNormalized == normalized && c.DeletedAt == null, cancellationToken);
    }

    /// <summary>The live customer, tracked: for handlers that change it.</summary>
    public static Task<Customer?> LiveById(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        LiveByIdQuery.For(db)(db, id, cancellationToken);

    /// <summary>The live customer, untracked: for handlers that only read it or check that it exists.</summary>
    public static Task<Customer?> ReadLiveById(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        LiveByIdUntrackedQuery.For(db)(db, id, cancellationToken);

    /// <summary>The id of the live customer that already uses this email, if any (other than <paramref name="self"/>).</summary>
    public static async Task<Guid?> EmailOwnerAsync(TenantDbContext db, string? email, Guid? self, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var owner = await LiveIdByEmailQuery.For(db)(db, email.Trim().ToLowerInvariant(), cancellationToken);
        return owner == Guid.Empty || owner == self ? null : owner;
    }

    /// <summary>The id of the live customer that already uses this external id, if any (other than <paramref name="self"/>).</summary>
    public static async Task<Guid?> ExternalIdOwnerAsync(TenantDbContext db, string? externalId, Guid? self, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return null;
        }

        var owner = await LiveByExternalId(db, externalId, cancellationToken);
        return owner is null || owner.Id == self ? null : owner.Id;
    }

    public static ProblemHttpResult DuplicateExternalId(Guid existingId) =>
        ApiProblems.Problem(409, ProblemTypes.DuplicateExternalId, "Duplicate external id",
            "Another customer already has this external id.",
            new Dictionary<string, object?> { ["existingCustomerId"] = existingId });

    public static ProblemHttpResult DuplicateEmail(Guid existingId) =>
        ApiProblems.Problem(409, ProblemTypes.DuplicateEmail, "Duplicate email",
            "Another customer already has this email address.",
            new Dictionary<string, object?> { ["existingCustomerId"] = existingId });

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("customer");
}
