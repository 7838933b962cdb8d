using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Tests.Platform;

/// <summary>
/// Tenant migrations run with EF's pending-model-changes check switched off (it rebuilt and diffed the model
/// snapshot once per tenant: most of a fleet migration's CPU). The check depends only on the build, so it is made
/// here, once, for every context: a model change without its migration still fails CI.
/// </summary>
public sealed class PendingModelChangesTests
{
    public static TheoryData<string> Contexts => ["PostgresCatalog", "SqliteCatalog", "PostgresTenant", "SqliteTenant"];

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Every_model_change_has_its_migration(string name)
    {
        // Built as `dotnet ef migrations add` builds them; no database is contacted.
        using DbContext context = name switch
        {
            "PostgresCatalog" => new PostgresCatalogDesignFactory().CreateDbContext([]),
            "SqliteCatalog" => new SqliteCatalogDesignFactory().CreateDbContext([]),
            "PostgresTenant" => new PostgresTenantDesignFactory().CreateDbContext([]),
            "SqliteTenant" => new SqliteTenantDesignFactory().CreateDbContext([]),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"{context.GetType().Name}'s model differs from its latest migration snapshot: add a migration (dotnet ef migrations add … --context {context.GetType().Name}).");
    }
}
