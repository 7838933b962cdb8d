using System.Net;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Validation;

/// <summary>Every time in a query string is read by the one parser: UTC, an offset converted, none taken as UTC.</summary>
public sealed class QueryTimeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("2026-01-31T09:00:00Z", "2026-01-31T09:00:00")]
    [InlineData("2026-01-31T09:00:00+02:00", "2026-01-31T07:00:00")]
    [InlineData("2026-01-31T09:00:00", "2026-01-31T09:00:00")]
    [InlineData("2026-01-31", "2026-01-31T00:00:00")]
    public void A_time_is_read_as_utc(string text, string utc)
    {
        var time = QueryTime.Parse(text);
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(DateTimeKind.Utc, time!.Value.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    public void Anything_else_is_no_time(string? text) => Assert.Null(QueryTime.Parse(text));

    [Theory]
    [InlineData("/v1/customers", "updatedSince")]
    [InlineData("/v1/complaints/stats", "from")]
    [InlineData("/v1/purchases", "to")]
    [InlineData("/v1/audit-events", "from")]
    public async Task Every_list_takes_the_same_times_and_refuses_the_same_ones(string path, string parameter)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"{path}?{parameter}={Uri.EscapeDataString("2026-01-31T09:00:00+02:00")}"));
        await Expect.ValidationErrorAsync(await api.GetAsync($"{path}?{parameter}=2026-13-01T00:00:00Z"), parameter);
    }
}
