using System.Security.Claims;
using Crm.Saas.Tenancy.Strategies;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class ClaimStrategyTests
{
    private readonly ClaimStrategy _strategy = new();

    [Fact]
    public void an_authenticated_tenant_id_claim_names_that_tenant_by_id()
    {
        var tenantId = Guid.NewGuid();

        var identifier = _strategy.Identify(Request(authenticated: true, new Claim(TenancyClaims.TenantId, tenantId.ToString())));

        Assert.Equal(TenantIdentifier.ById(tenantId), identifier);
        Assert.Null(identifier!.Value.Slug);
    }

    [Fact]
    public void the_default_claim_type_is_tid()
    {
        var tenantId = Guid.NewGuid();

        Assert.Equal("tid", TenancyClaims.TenantId);
        Assert.Equal(TenantIdentifier.ById(tenantId), _strategy.Identify(Request(authenticated: true, new Claim("tid", tenantId.ToString()))));
    }

    [Fact]
    public void an_unauthenticated_principal_with_the_claim_names_no_tenant()
    {
        var context = Request(authenticated: false, new Claim(TenancyClaims.TenantId, Guid.NewGuid().ToString()));

        Assert.False(context.User.Identity!.IsAuthenticated);
        Assert.Null(_strategy.Identify(context));
    }

    [Fact]
    public void an_anonymous_request_names_no_tenant()
    {
        Assert.Null(_strategy.Identify(new DefaultHttpContext()));
    }

    [Fact]
    public void an_authenticated_principal_without_the_claim_names_no_tenant()
    {
        Assert.Null(_strategy.Identify(Request(authenticated: true, new Claim(ClaimTypes.Name, "ada"))));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("0a1b2c3d-4e5f")]
    public void a_tenant_claim_that_is_not_a_guid_names_no_tenant(string value)
    {
        Assert.Null(_strategy.Identify(Request(authenticated: true, new Claim(TenancyClaims.TenantId, value))));
    }

    [Fact]
    public void a_configured_claim_type_is_read_instead_of_tid()
    {
        var strategy = new ClaimStrategy("tenant");
        var tenantId = Guid.NewGuid();

        Assert.Equal(TenantIdentifier.ById(tenantId), strategy.Identify(Request(authenticated: true, new Claim("tenant", tenantId.ToString()))));
        Assert.Null(strategy.Identify(Request(authenticated: true, new Claim("tid", tenantId.ToString()))));
    }

    private static DefaultHttpContext Request(bool authenticated, params Claim[] claims) =>
        new() { User = new ClaimsPrincipal(authenticated ? new ClaimsIdentity(claims, "test") : new ClaimsIdentity(claims)) };
}
