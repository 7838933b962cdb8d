using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.RateLimits;

/// <summary>
/// The links in mails (unsubscribe, survey) have their own per-address limit, apart from sign-in and sign-up: many
/// customers clicking from one address cannot lock that address out of signing in, nor a guesser the links.
/// </summary>
public abstract class PublicLinkLimitTests(CrmApp app)
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["RateLimits:AnonymousPerMinute"] = "3",
        ["RateLimits:PublicLinksPerMinute"] = "4",
    };

    [Fact]
    public async Task Using_up_the_public_link_limit_leaves_sign_in_open()
    {
        await using var limited = app.Sibling(settings: SmallLimits);
        await limited.InitializeAsync();
        var tenant = await limited.Anonymous().SignUpAsync();                                                     // sign-in limit: 1
        var anonymous = limited.Anonymous();

        await ClickEveryPublicLinkAsync(anonymous);                                                               // public links: 4
        await PublicLinks.ExpectLimitedAsync(await anonymous.PostAsync("/v1/surveys/guessing", new { score = 5 }), "public-link limit");
        await PublicLinks.ExpectLimitedAsync(await anonymous.GetAsync("/v1/public/unsubscribe?token=guessing"), "public-link limit");

        // Same address, the other limit: sign-in still answers.
        await Expect.StatusAsync(HttpStatusCode.OK,
            await anonymous.PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = tenant.Password }));
    }

    [Fact]
    public async Task Using_up_the_sign_in_limit_leaves_the_public_links_open()
    {
        await using var limited = app.Sibling(settings: SmallLimits);
        await limited.InitializeAsync();
        var tenant = await limited.Anonymous().SignUpAsync();                                                     // sign-in limit: 1
        var anonymous = limited.Anonymous();
        var signIn = new { tenant = tenant.Slug, email = tenant.Email, password = tenant.Password };
        await Expect.StatusAsync(HttpStatusCode.OK, await anonymous.PostAsync("/v1/auth/token", signIn));        // 2
        await Expect.StatusAsync(HttpStatusCode.OK, await anonymous.PostAsync("/v1/auth/token", signIn));        // 3
        await PublicLinks.ExpectLimitedAsync(await anonymous.PostAsync("/v1/auth/token", signIn), "sign-in limit");

        // Same address, the other limit: every public link still answers (here: the bad token's own answer, not a 429).
        await ClickEveryPublicLinkAsync(anonymous);
    }

    /// <summary>One request to each public route, each refused for its made-up token rather than for a limit.</summary>
    private static async Task ClickEveryPublicLinkAsync(CrmClient anonymous)
    {
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, await anonymous.GetAsync("/v1/public/unsubscribe?token=guessing"), "invalid-unsubscribe-token");
        await Expect.ProblemAsync(HttpStatusCode.BadRequest,
            await anonymous.PostRawAsync("/v1/public/unsubscribe?token=guessing", "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"),
            "invalid-unsubscribe-token");
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/v1/surveys/guessing"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await anonymous.PostAsync("/v1/surveys/guessing", new { score = 5 }));
    }
}

internal static class PublicLinks
{
    /// <summary>A 429 rate-limited problem whose detail names <paramref name="limit"/>, with a Retry-After in the window.</summary>
    public static async Task ExpectLimitedAsync(HttpResponseMessage response, string limit)
    {
        using (response)
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, response, "rate-limited");
            Assert.Contains(limit, (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        }
    }
}

public sealed class PublicLinkLimitsOnSqlite(SqliteApp app) : PublicLinkLimitTests(app), IClassFixture<SqliteApp>;

public sealed class PublicLinkLimitsOnPostgres(PostgresApp app) : PublicLinkLimitTests(app), IClassFixture<PostgresApp>;
