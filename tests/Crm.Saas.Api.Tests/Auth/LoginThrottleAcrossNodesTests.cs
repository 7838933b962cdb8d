using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Auth;

/// <summary>
/// Failed sign-ins are counted in the catalog, so two API nodes of one deployment share the count: a guesser spreading
/// attempts over the nodes behind a load balancer gets the limit once, not once per node.
/// </summary>
public sealed class LoginThrottleAcrossNodesTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Wrong_passwords_spread_over_two_nodes_pause_sign_in_on_both()
    {
        var settings = new Dictionary<string, string?> { ["Auth:MaxFailedLoginsPerAccount"] = "4" };
        await using var first = (PostgresApp)fixture.Sibling(settings: settings);
        await first.InitializeAsync();
        await using var second = first.SharingDatabases(settings);
        await second.InitializeAsync();
        var tenant = await first.Anonymous().SignUpAsync();

        for (var i = 0; i < 4; i++)
        {
            var node = i % 2 == 0 ? first : second;
            await Expect.ProblemAsync(HttpStatusCode.Unauthorized,
                await node.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = $"Wrong-guess-{i}" }));
        }

        foreach (var node in new[] { first, second })
        {
            using var paused = await node.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = tenant.Password });
            await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, paused, "too-many-attempts");
        }
    }

    [Fact]
    public async Task A_good_sign_in_before_the_limit_clears_the_account_count_on_every_node()
    {
        var settings = new Dictionary<string, string?> { ["Auth:MaxFailedLoginsPerAccount"] = "3" };
        await using var first = (PostgresApp)fixture.Sibling(settings: settings);
        await first.InitializeAsync();
        await using var second = first.SharingDatabases(settings);
        await second.InitializeAsync();
        var tenant = await first.Anonymous().SignUpAsync();
        async Task<HttpResponseMessage> SignInAsync(CrmApp node, string password) =>
            await node.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password });

        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync(first, "Wrong-guess-1"));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync(second, "Wrong-guess-2"));
        await Expect.StatusAsync(HttpStatusCode.OK, await SignInAsync(second, tenant.Password));

        // The count started again: two more failures stay under the limit of three.
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync(first, "Wrong-guess-3"));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync(second, "Wrong-guess-4"));
        await Expect.StatusAsync(HttpStatusCode.OK, await SignInAsync(first, tenant.Password));
    }
}
