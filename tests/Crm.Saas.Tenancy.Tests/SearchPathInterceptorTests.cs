using Crm.Saas.Tenancy.Routing;
using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class SearchPathInterceptorTests
{
    [Fact]
    public void a_tenant_schema_becomes_a_set_search_path_statement()
    {
        Assert.Equal(
            "SET search_path TO t_0123456789abcdef0123456789abcdef",
            SearchPathInterceptor.SetSearchPath("t_0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public void the_statement_for_a_catalog_placement_names_exactly_that_schema()
    {
        var id = Guid.NewGuid();

        Assert.Equal("SET search_path TO t_" + id.ToString("N"), SearchPathInterceptor.SetSearchPath(TenantPlacement.LocationFor(id)));
    }

    [Theory]
    [InlineData("t_x; DROP SCHEMA public CASCADE")]
    [InlineData("t_0123456789abcdef0123456789abcdef; DROP SCHEMA public CASCADE")]
    [InlineData("t_0123456789abcdef0123456789abcdef;\nSELECT * FROM platform.users")]
    [InlineData("t_0123456789abcdef0123456789abcdef, public")]
    [InlineData("t_0123456789abcdef0123456789abcdef -- ")]
    [InlineData("\"t_0123456789abcdef0123456789abcdef\"")]
    [InlineData("public")]
    [InlineData("platform")]
    [InlineData("pg_catalog")]
    [InlineData("T_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("t_0123456789abcdef0123456789abcdef0")]
    [InlineData("")]
    public void anything_but_a_tenant_schema_is_refused_before_it_reaches_sql(string schema)
    {
        var refused = Assert.Throws<ArgumentException>(() => SearchPathInterceptor.SetSearchPath(schema));

        Assert.Equal("schema", refused.ParamName);
    }

    [Fact]
    public void a_tenant_schema_followed_by_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SearchPathInterceptor.SetSearchPath("t_0123456789abcdef0123456789abcdef\n"));
    }
}
