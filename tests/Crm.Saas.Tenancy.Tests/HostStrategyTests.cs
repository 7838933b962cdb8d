using Crm.Saas.Tenancy.Strategies;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class HostStrategyTests
{
    private readonly HostStrategy _strategy = new("crm.example.com", ["api", "www", "app"]);

    [Fact]
    public void a_slug_under_the_base_domain_names_that_tenant()
    {
        Assert.Equal("acme", _strategy.SlugFromHost("acme.crm.example.com"));
    }

    [Theory]
    [InlineData("ACME.CRM.EXAMPLE.COM")]
    [InlineData("Acme.Crm.Example.Com")]
    [InlineData("acme.CRM.example.COM")]
    public void the_host_is_matched_case_insensitively_and_the_slug_comes_out_lowercase(string host)
    {
        Assert.Equal("acme", _strategy.SlugFromHost(host));
    }

    [Fact]
    public void a_base_domain_configured_in_mixed_case_or_with_dots_around_it_still_matches()
    {
        var strategy = new HostStrategy(".CRM.Example.com.", []);

        Assert.Equal("acme", strategy.SlugFromHost("acme.crm.example.com"));
    }

    [Theory]
    [InlineData("crm.example.com")]
    [InlineData("CRM.example.com")]
    [InlineData(".crm.example.com")]
    public void the_bare_base_domain_names_no_tenant(string host)
    {
        Assert.Null(_strategy.SlugFromHost(host));
    }

    [Theory]
    [InlineData("deep.acme.crm.example.com")]
    [InlineData("a.b.c.crm.example.com")]
    [InlineData("api.acme.crm.example.com")]
    public void a_nested_subdomain_names_no_tenant(string host)
    {
        Assert.Null(_strategy.SlugFromHost(host));
    }

    [Theory]
    [InlineData("acme.example.com")]
    [InlineData("acme.crm.example.org")]
    [InlineData("acme.evilcrm.example.com")]
    [InlineData("acmecrm.example.com")]
    [InlineData("acme.crm.example.com.evil.test")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public void a_host_outside_the_base_domain_names_no_tenant(string host)
    {
        Assert.Null(_strategy.SlugFromHost(host));
    }

    [Theory]
    [InlineData("api.crm.example.com")]
    [InlineData("www.crm.example.com")]
    [InlineData("API.crm.example.com")]
    [InlineData("App.Crm.Example.Com")]
    public void a_platform_subdomain_names_no_tenant(string host)
    {
        Assert.Null(_strategy.SlugFromHost(host));
    }

    [Fact]
    public void platform_subdomains_are_matched_case_insensitively_however_they_are_configured()
    {
        var strategy = new HostStrategy("crm.example.com", ["API"]);

        Assert.Null(strategy.SlugFromHost("api.crm.example.com"));
        Assert.Equal("apix", strategy.SlugFromHost("apix.crm.example.com"));
    }

    [Fact]
    public void the_request_host_names_the_tenant_by_slug_whatever_the_port()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("Acme.crm.example.com", 8443);

        var identifier = _strategy.Identify(context);

        Assert.Equal(TenantIdentifier.BySlug("acme"), identifier);
        Assert.Null(identifier!.Value.Id);
    }

    [Fact]
    public void a_request_to_a_platform_host_identifies_no_tenant()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("api.crm.example.com");

        Assert.Null(_strategy.Identify(context));
    }

    [Fact]
    public void a_request_without_a_host_identifies_no_tenant()
    {
        Assert.Null(_strategy.Identify(new DefaultHttpContext()));
    }
}
