using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>Each key, and each tenant as a whole, has a per-minute limit; past it, a 429 that says when to retry.</summary>
public abstract class ApiKeyRateLimitTests(CrmApp app)
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_and_the_tenant_over_its_limit_too()
    {
        await using var limited = app.Sibling(settings: new Dictionary<string, string?>
        {
            ["RateLimits:PerApiKeyPerMinute"] = "3",
            ["RateLimits:PerTenantPerMinute"] = "6",
        });
        await limited.InitializeAsync();
        var tenant = await limited.Anonymous().SignUpAsync();
        var first = ApiKeyKit.Client(limited, (await ApiKeyKit.IssueAsync(tenant.Client)).Key);       // tenant: 1
        var second = ApiKeyKit.Client(limited, (await ApiKeyKit.IssueAsync(tenant.Client)).Key);      // tenant: 2

        for (var i = 0; i < 3; i++)
        {
            await Expect.StatusAsync(HttpStatusCode.OK, await first.GetAsync("/v1/customers"));       // tenant: 3, 4, 5
        }

        await ExpectLimitedAsync(await first.GetAsync("/v1/customers"), "API key");

        // The first key's limit is its own: the second key still gets through, until the tenant's limit is reached.
        await Expect.StatusAsync(HttpStatusCode.OK, await second.GetAsync("/v1/customers"));          // tenant: 6
        await ExpectLimitedAsync(await second.GetAsync("/v1/customers"), "API key");
        await ExpectLimitedAsync(await tenant.Client.GetAsync("/v1/customers"), "tenant");

        // Other tenants are not affected.
        var other = await limited.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.OK, await other.Client.GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(limited, (await ApiKeyKit.IssueAsync(other.Client)).Key).GetAsync("/v1/customers"));
    }

    private static async Task ExpectLimitedAsync(HttpResponseMessage response, string who)
    {
        using (response)
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, response, "rate-limited");
            Assert.Contains(who, (string)problem["detail"]!, StringComparison.Ordinal);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        }
    }
}

public sealed class ApiKeyRateLimitsOnSqlite(SqliteApp app) : ApiKeyRateLimitTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyRateLimitsOnPostgres(PostgresApp app) : ApiKeyRateLimitTests(app), IClassFixture<PostgresApp>;
