using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Persistence;

/// <summary>
/// A compiled query binds to the first model it runs against, and each provider has its own model. This keeps one
/// compiled copy per context type (two at most), so the hot path skips LINQ translation on either provider.
/// </summary>
internal sealed class CompiledPerProvider<TQuery>(Func<TQuery> compile)
    where TQuery : Delegate
{
    private readonly ConcurrentDictionary<Type, TQuery> _byContextType = new();

    public TQuery For(DbContext db) => _byContextType.GetOrAdd(db.GetType(), _ => compile());
}
