using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.RateLimits;

/// <summary>
/// The client address behind a load balancer: X-Forwarded-For (and -Proto) count only when the request came from a
/// configured proxy, and then the right-most address no trusted proxy added is the client, for every per-address limit.
/// The test client connects from 127.0.0.1, so configuring that address makes the test client the proxy.
/// </summary>
public abstract class ForwardedClientTests(CrmApp app)
{
    [Fact]
    public async Task Without_a_configured_proxy_a_client_cannot_dodge_a_limit_with_X_Forwarded_For()
    {
        await using var limited = app.Sibling(settings: new Dictionary<string, string?> { ["RateLimits:PublicLinksPerMinute"] = "2" });
        await limited.InitializeAsync();
        var anonymous = limited.Anonymous();

        await Expect.StatusAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/v1/surveys/guessing", ("X-Forwarded-For", "203.0.113.1")));
        await Expect.StatusAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/v1/surveys/guessing", ("X-Forwarded-For", "203.0.113.2")));
        await PublicLinks.ExpectLimitedAsync(await anonymous.GetAsync("/v1/surveys/guessing", ("X-Forwarded-For", "203.0.113.3")), "public-link limit");
    }

    [Fact]
    public async Task Through_a_known_proxy_each_forwarded_client_has_its_own_limit()
    {
        await using var limited = app.Sibling(settings: new Dictionary<string, string?>
        {
            ["RateLimits:PublicLinksPerMinute"] = "2",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        await limited.InitializeAsync();
        var proxy = limited.Anonymous();
        Task<HttpResponseMessage> From(string forwardedFor) => proxy.GetAsync("/v1/surveys/guessing", ("X-Forwarded-For", forwardedFor));

        await Expect.StatusAsync(HttpStatusCode.NotFound, await From("203.0.113.1"));
        await Expect.StatusAsync(HttpStatusCode.NotFound, await From("203.0.113.1"));
        await PublicLinks.ExpectLimitedAsync(await From("203.0.113.1"), "public-link limit");

        // Another client through the same proxy has its own limit.
        await Expect.StatusAsync(HttpStatusCode.NotFound, await From("203.0.113.2"));

        // An address the client wrote itself is left of the one the proxy added: the proxy's entry is the client.
        await PublicLinks.ExpectLimitedAsync(await From("198.51.100.7, 203.0.113.1"), "public-link limit");

        // A header that is no address is ignored, not a 500: the request counts as the proxy's own (unused so far).
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await From("not-an-address"));
    }

    [Fact]
    public async Task Through_a_known_network_the_sign_in_throttle_counts_the_forwarded_client()
    {
        await using var limited = app.Sibling(settings: new Dictionary<string, string?>
        {
            ["Auth:MaxFailedLoginsPerAddress"] = "2",
            ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8",
        });
        await limited.InitializeAsync();
        var tenant = await limited.Anonymous().SignUpAsync();
        var proxy = limited.Anonymous();
        Task<HttpResponseMessage> SignInAsync(string client, string email, string password) =>
            proxy.PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email, password }, ("X-Forwarded-For", client));

        // Two wrong guesses, at two other accounts so only the address count reaches its limit.
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync("203.0.113.1", "guess-1@example.com", "Wrong-guess-1"));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await SignInAsync("203.0.113.1", "guess-2@example.com", "Wrong-guess-2"));
        await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, await SignInAsync("203.0.113.1", tenant.Email, tenant.Password), "too-many-attempts");

        // The guesser's pause is its own: another client behind the same balancer signs in.
        await Expect.StatusAsync(HttpStatusCode.OK, await SignInAsync("203.0.113.2", tenant.Email, tenant.Password));
    }

    [Fact]
    public async Task X_Forwarded_Proto_from_a_known_proxy_gives_links_the_client_s_scheme()
    {
        await using var proxied = app.Sibling(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        await proxied.InitializeAsync();
        Assert.StartsWith("https://", await AcceptUrlAsync(proxied), StringComparison.Ordinal);

        // Not believed from anyone else.
        Assert.StartsWith("http://", await AcceptUrlAsync(app), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_that_is_not_an_address_stops_the_host_at_start()
    {
        await using var misconfigured = app.Sibling(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.0/8" });
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await misconfigured.InitializeAsync());
        Assert.Contains("ForwardedHeaders", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> AcceptUrlAsync(CrmApp host)
    {
        var owner = await host.Anonymous().SignUpAsync();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created, await owner.Client.SendAsync(HttpMethod.Post, "/v1/users/invitations",
            System.Net.Http.Json.JsonContent.Create(new { email = $"agent-{Guid.NewGuid():N}@shop.example.com", role = "agent" }),
            ("X-Forwarded-Proto", "https")));
        return (string)invitation["acceptUrl"]!;
    }
}

public sealed class ForwardedClientsOnSqlite(SqliteApp app) : ForwardedClientTests(app), IClassFixture<SqliteApp>;

public sealed class ForwardedClientsOnPostgres(PostgresApp app) : ForwardedClientTests(app), IClassFixture<PostgresApp>;
