using Crm.Saas.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Builder;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>The scope list is declared once, as read/write pairs per resource.</summary>
public sealed class ScopeListTests
{
    [Fact]
    public void Every_resource_has_a_read_and_a_write_scope_and_nothing_else_is_known()
    {
        Assert.All(Scopes.Pairs, pair =>
        {
            var resource = pair.Read.Split(':')[0];
            Assert.Equal($"{resource}:read", pair.Read);
            Assert.Equal($"{resource}:write", pair.Write);
        });
        Assert.Equal(2 * Scopes.Pairs.Count, Scopes.All.Distinct().Count());
        Assert.Equal(["customers", "contacts", "purchases", "interactions", "complaints", "loyalty", "mails", "campaigns"],
            Scopes.Pairs.Select(p => p.Read.Split(':')[0]));
        Assert.True(Scopes.IsKnown("loyalty:write"));
        Assert.False(Scopes.IsKnown("customers:admin"));
        Assert.False(Scopes.IsKnown("Customers:Read"));
        Assert.False(Scopes.IsKnown(null));
    }

    [Fact]
    public async Task RequireScope_refuses_a_scope_that_is_not_declared()
    {
        await using var host = WebApplication.CreateSlimBuilder().Build();
        var endpoint = host.MapGet("/x", () => "x");
        Assert.Throws<ArgumentException>(() => endpoint.RequireScope("customers:everything"));
    }
}
