using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Platform;

/// <summary>Places a new tenant on the configured connection that holds the fewest tenants (first configured wins a tie).</summary>
public sealed class ShardPlanner(TenantDatabases databases)
{
    public async Task<string> ChooseAsync(CatalogDbContext catalog, string provider, CancellationToken cancellationToken)
    {
        var counts = await catalog.Tenants.Where(t => t.Provider == provider)
            .GroupBy(t => t.Connection)
            .Select(g => new { Shard = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Shard, x => x.Count, cancellationToken);
        return databases.ShardNames.OrderBy(shard => counts.GetValueOrDefault(shard)).First();
    }
}
