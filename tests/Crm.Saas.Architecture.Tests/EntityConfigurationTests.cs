using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Architecture.Tests;

/// <summary>
/// An entity configuration that neither model applies is silently ignored (its table never migrates), and one applied
/// to the wrong model puts tenant data in the catalog or the reverse: each must land on exactly its own model.
/// </summary>
public sealed class EntityConfigurationTests
{
    private static IEnumerable<(Type Configuration, Type Entity)> Configurations() =>
        from type in typeof(Program).Assembly.GetTypes()
        where type is { IsAbstract: false, IsInterface: false }
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)
        select (type, contract.GetGenericArguments()[0]);

    [Fact]
    public void Every_entity_configuration_is_applied_to_its_own_model_only()
    {
        using var tenant = new SqliteTenantDbContext(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var catalog = new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=:memory:").Options);

        var wrong = new List<string>();
        foreach (var (configuration, entity) in Configurations())
        {
            var isTenant = typeof(ITenantEntityConfiguration).IsAssignableFrom(configuration);
            var (own, other) = isTenant ? (tenant.Model, catalog.Model) : (catalog.Model, tenant.Model);
            if (own.FindEntityType(entity) is null || other.FindEntityType(entity) is not null)
            {
                wrong.Add($"{configuration.Name} ({entity.Name}) should be on the {(isTenant ? "tenant" : "catalog")} model only");
            }
        }

        Assert.NotEmpty(Configurations());
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
