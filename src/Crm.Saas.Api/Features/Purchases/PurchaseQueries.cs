using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>Reads and answers the purchase endpoints share.</summary>
internal static class PurchaseQueries
{
    /// <summary>Problem types of this feature; stable once published, like the central ones.</summary>

    private static readonly CompiledPerProvider<Func<TenantDbContext, Guid, CancellationToken, Task<Purchase?>>> ByIdQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, Guid id, CancellationToken _) => db.Purchases.FirstOrDefault(p => p.Id == id)));

    public static Task<Purchase?> ById(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        ByIdQuery.For(db)(db, id, cancellationToken);

    public static Task<Purchase?> ByExternalRefAsync(TenantDbContext db, string externalRef, CancellationToken cancellationToken) =>
        db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.ExternalRef == externalRef, cancellationToken);

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("purchase");

    public static ProblemHttpResult DuplicateExternalRef(Guid existingId) =>
        ApiProblems.Problem(409, ProblemTypes.DuplicateExternalRef, "Duplicate external reference",
            "Another purchase (for another customer, amount or currency) already has this externalRef.",
            new Dictionary<string, object?> { ["existingPurchaseId"] = existingId });

    public static ProblemHttpResult RefundExceedsRemaining(long remaining) =>
        ApiProblems.Problem(409, ProblemTypes.RefundExceedsRemaining, "Refund exceeds remaining amount",
            $"Only {remaining} minor units of this purchase are left to refund.",
            new Dictionary<string, object?> { ["remainingAmount"] = remaining });

    /// <summary>Still conflicting after every retry: extremely busy rows. Safe to retry; nothing was written.</summary>
    public static ProblemHttpResult WriteConflict() =>
        ApiProblems.Problem(409, ProblemTypes.WriteConflict, "Write conflict",
            "The customer or purchase was changed by other requests at the same moment. Retry the request.");
}
