using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Interactions;

internal static class InteractionQueries
{
    /// <summary>Interactions are a record of what happened and never change: their ETag is fixed.</summary>
    public const int Version = 1;

    // Hidden with its customer: a deleted customer's history is not readable through its interaction ids either.
    private static readonly CompiledPerProvider<Func<TenantDbContext, Guid, CancellationToken, Task<Interaction?>>> LiveByIdQuery =
        new(() => EF.CompileAsyncQuery((TenantDbContext db, Guid id, CancellationToken _) =>
            db.Interactions.AsNoTracking().FirstOrDefault(i => i.Id == id && db.Customers.Any(c => c.Id == i.CustomerId && c.DeletedAt == null))));

    public static Task<Interaction?> LiveById(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        LiveByIdQuery.For(db)(db, id, cancellationToken);
}
