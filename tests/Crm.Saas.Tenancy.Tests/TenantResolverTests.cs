using System.Security.Claims;
using Crm.Saas.Tenancy.Strategies;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class TenantResolverTests
{
    private const string BaseDomain = "crm.example.com";

    private static readonly TenantInfo Acme = Tenants.Create("acme");
    private static readonly TenantInfo Globex = Tenants.Create("globex");
    private static readonly TenantInfo Dormant = Tenants.Create("dormant", TenantStatus.Suspended);

    // The credential first: it is the authoritative source; the host may only agree with it.
    private readonly TenantResolver _resolver = new(
        [new ClaimStrategy(), new HostStrategy(BaseDomain, ["api", "www"])],
        new InMemoryTenantStore(Acme, Globex, Dormant));

    [Fact]
    public async Task a_request_that_names_no_tenant_resolves_to_none()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "api." + BaseDomain));

        Assert.Equal(TenantResolutionOutcome.None, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task a_resolver_without_strategies_resolves_everything_to_none()
    {
        var resolver = new TenantResolver([], new InMemoryTenantStore(Acme));

        var resolution = await resolver.ResolveAsync(Request(host: "acme." + BaseDomain, tenantClaim: Acme.Id));

        Assert.Equal(TenantResolutionOutcome.None, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task a_known_slug_on_the_host_resolves_to_that_tenant()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "acme." + BaseDomain));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Acme, resolution.Tenant);
    }

    [Fact]
    public async Task a_credential_alone_resolves_to_its_tenant()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "api." + BaseDomain, tenantClaim: Globex.Id));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Globex, resolution.Tenant);
    }

    [Fact]
    public async Task a_suspended_tenant_is_still_resolved_so_the_caller_can_refuse_it_explicitly()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "dormant." + BaseDomain));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Dormant, resolution.Tenant);
        Assert.False(resolution.Tenant!.IsActive);
    }

    [Fact]
    public async Task an_unknown_slug_on_the_host_is_unknown()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "initech." + BaseDomain));

        Assert.Equal(TenantResolutionOutcome.Unknown, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task a_credential_for_a_tenant_the_catalog_does_not_know_is_unknown()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "api." + BaseDomain, tenantClaim: Guid.NewGuid()));

        Assert.Equal(TenantResolutionOutcome.Unknown, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task a_credential_and_a_host_naming_the_same_tenant_resolve_to_it()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "acme." + BaseDomain, tenantClaim: Acme.Id));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Acme, resolution.Tenant);
    }

    [Fact]
    public async Task the_host_agrees_with_the_credential_whatever_its_case()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "ACME." + BaseDomain, tenantClaim: Acme.Id));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Acme, resolution.Tenant);
    }

    [Fact]
    public async Task a_credential_for_one_tenant_on_another_tenants_host_is_a_conflict()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "globex." + BaseDomain, tenantClaim: Acme.Id));

        Assert.Equal(TenantResolutionOutcome.Conflict, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task a_credential_on_the_host_of_an_unknown_slug_is_a_conflict()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "initech." + BaseDomain, tenantClaim: Acme.Id));

        Assert.Equal(TenantResolutionOutcome.Conflict, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task an_unknown_credential_on_a_known_tenants_host_never_resolves_to_the_hosts_tenant()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "acme." + BaseDomain, tenantClaim: Guid.NewGuid()));

        Assert.NotEqual(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    [Fact]
    public async Task an_unauthenticated_claim_cannot_name_a_tenant_but_the_host_still_can()
    {
        var resolution = await _resolver.ResolveAsync(Request(host: "globex." + BaseDomain, tenantClaim: Acme.Id, authenticated: false));

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Globex, resolution.Tenant);
    }

    [Fact]
    public async Task the_first_strategy_that_names_a_tenant_decides_and_later_ones_must_agree()
    {
        var resolver = new TenantResolver(
            [new FixedStrategy(null), new FixedStrategy(TenantIdentifier.BySlug("acme")), new FixedStrategy(null), new FixedStrategy(TenantIdentifier.ById(Acme.Id))],
            new InMemoryTenantStore(Acme, Globex));

        var resolution = await resolver.ResolveAsync(new DefaultHttpContext());

        Assert.Equal(TenantResolutionOutcome.Resolved, resolution.Outcome);
        Assert.Same(Acme, resolution.Tenant);
    }

    [Fact]
    public async Task any_later_strategy_naming_another_tenant_is_a_conflict_even_after_agreeing_ones()
    {
        var resolver = new TenantResolver(
            [new FixedStrategy(TenantIdentifier.ById(Acme.Id)), new FixedStrategy(TenantIdentifier.BySlug("acme")), new FixedStrategy(TenantIdentifier.ById(Globex.Id))],
            new InMemoryTenantStore(Acme, Globex));

        var resolution = await resolver.ResolveAsync(new DefaultHttpContext());

        Assert.Equal(TenantResolutionOutcome.Conflict, resolution.Outcome);
        Assert.Null(resolution.Tenant);
    }

    private static DefaultHttpContext Request(string host, Guid? tenantClaim = null, bool authenticated = true)
    {
        Claim[] claims = tenantClaim is { } id ? [new Claim(TenancyClaims.TenantId, id.ToString())] : [];
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(authenticated ? new ClaimsIdentity(claims, "test") : new ClaimsIdentity(claims)),
        };
        context.Request.Host = new HostString(host);
        return context;
    }

    private sealed class FixedStrategy(TenantIdentifier? identifier) : ITenantResolutionStrategy
    {
        public TenantIdentifier? Identify(HttpContext context) => identifier;
    }
}
