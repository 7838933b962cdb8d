using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class TenantPlacementTests
{
    private const string ValidLocation = "t_0123456789abcdef0123456789abcdef";

    [Fact]
    public void a_location_of_t_and_32_lowercase_hex_digits_is_accepted()
    {
        var placement = new TenantPlacement("postgres", "shard-1", ValidLocation);

        Assert.Equal("postgres", placement.Provider);
        Assert.Equal("shard-1", placement.Connection);
        Assert.Equal(ValidLocation, placement.Location);
        Assert.True(TenantPlacement.IsValidLocation(ValidLocation));
    }

    [Theory]
    [InlineData("t_x; DROP SCHEMA public CASCADE")]
    [InlineData("t_x; DROP")]
    [InlineData("t_0123456789abcdef0123456789abcdef; DROP SCHEMA public")]
    [InlineData("t_0123456789abcdef0123456789abcdef,public")]
    [InlineData("public")]
    [InlineData("platform")]
    [InlineData("")]
    [InlineData(" t_0123456789abcdef0123456789abcdef")]
    [InlineData("t_0123456789abcdef0123456789abcdef ")]
    [InlineData("T_0123456789abcdef0123456789abcdef")]
    [InlineData("t_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("t_0123456789abcdef0123456789abcde")]
    [InlineData("t_0123456789abcdef0123456789abcdef0")]
    [InlineData("t_0123456789abcdeg0123456789abcdef")]
    [InlineData("t_01234567-89ab-cdef-0123-456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("../t_0123456789abcdef0123456789abcdef")]
    [InlineData("t_0123456789abcdef0123456789abcdef/../platform")]
    [InlineData("\"t_0123456789abcdef0123456789abcdef\"")]
    public void a_location_of_any_other_shape_is_refused(string location)
    {
        Assert.False(TenantPlacement.IsValidLocation(location));
        var refused = Assert.Throws<ArgumentException>(() => new TenantPlacement("postgres", "main", location));
        Assert.Equal("location", refused.ParamName);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void a_location_with_a_trailing_line_break_is_refused(string lineBreak)
    {
        // Regex '$' also matches before a final '\n'; the location ends up in SQL and file paths, so it must not pass.
        var location = ValidLocation + lineBreak;

        Assert.False(TenantPlacement.IsValidLocation(location));
        Assert.Throws<ArgumentException>(() => new TenantPlacement("postgres", "main", location));
    }

    [Fact]
    public void the_location_for_a_tenant_id_is_t_and_the_ids_hex_digits()
    {
        var id = Guid.Parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");

        var location = TenantPlacement.LocationFor(id);

        Assert.Equal("t_0a1b2c3d4e5f60718293a4b5c6d7e8f9", location);
        Assert.True(TenantPlacement.IsValidLocation(location));
    }

    [Fact]
    public void the_location_for_any_tenant_id_is_accepted_as_a_placement()
    {
        for (var i = 0; i < 100; i++)
        {
            var location = TenantPlacement.LocationFor(Guid.NewGuid());

            Assert.Equal(location, new TenantPlacement("sqlite", "main", location).Location);
        }
    }

    [Fact]
    public void different_tenants_get_different_locations()
    {
        Assert.NotEqual(TenantPlacement.LocationFor(Guid.NewGuid()), TenantPlacement.LocationFor(Guid.NewGuid()));
    }
}
