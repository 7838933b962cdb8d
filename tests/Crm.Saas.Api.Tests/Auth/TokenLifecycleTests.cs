using System.Net;
using System.Security.Claims;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Saas.Api.Tests.Auth;

/// <summary>Access tokens are short-lived; refresh tokens rotate, die on reuse and on logout; guessing is throttled.</summary>
public abstract class TokenLifecycleTests(CrmApp app)
{
    [Fact]
    public async Task A_refresh_token_rotates_and_its_reuse_revokes_the_whole_family()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var anonymous = app.Anonymous();
        var first = await SignInAsync(tenant);

        var second = await Expect.JsonAsync(HttpStatusCode.OK, await anonymous.PostAsync("/v1/auth/refresh", new { refreshToken = (string)first["refreshToken"]! }));
        Assert.NotEqual((string)first["refreshToken"]!, (string)second["refreshToken"]!);
        Assert.StartsWith("crm_rt_", (string)second["refreshToken"]!, StringComparison.Ordinal);
        Assert.Equal(tenant.TenantId.ToString(), (string)second["tenantId"]!);
        var withNewAccess = TeamMembers.Session(app, tenant, tenant.Email, tenant.Password, second);
        await Expect.StatusAsync(HttpStatusCode.OK, await withNewAccess.Client.GetAsync("/v1/customers"));

        // The rotated-away token shows up again: someone copied it. Both it and its successor die.
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync("/v1/auth/refresh", new { refreshToken = (string)first["refreshToken"]! }), "invalid-credentials");
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync("/v1/auth/refresh", new { refreshToken = (string)second["refreshToken"]! }));

        // Another sign-in is another family, untouched.
        var other = await SignInAsync(tenant);
        await Expect.StatusAsync(HttpStatusCode.OK, await anonymous.PostAsync("/v1/auth/refresh", new { refreshToken = (string)other["refreshToken"]! }));
    }

    [Fact]
    public async Task A_token_altered_in_any_byte_is_refused_after_the_genuine_one_was_accepted()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var token = tenant.Client.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers")); // validated, remembered

        var inSignature = token.Length - 10; // a character carrying 6 full bits of the signature (the last one has padding bits)
        var otherSignatureChar = token[inSignature] == 'A' ? 'Q' : 'A';
        var payloadStart = token.IndexOf('.', StringComparison.Ordinal) + 1;
        var otherPayloadChar = token[payloadStart] == 'e' ? 'f' : 'e';
        foreach (var altered in new[] { token[..inSignature] + otherSignatureChar + token[(inSignature + 1)..], token[..payloadStart] + otherPayloadChar + token[(payloadStart + 1)..], token + "x" })
        {
            var forged = app.Anonymous();
            forged.Http.DefaultRequestHeaders.Authorization = new("Bearer", altered);
            await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await forged.GetAsync("/v1/customers"));
        }

        await Expect.StatusAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/customers"));
    }

    [Fact]
    public async Task Racing_refreshes_with_one_token_give_at_most_one_new_pair()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var token = (string)(await SignInAsync(tenant))["refreshToken"]!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Anonymous().PostAsync("/v1/auth/refresh", new { refreshToken = token })));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task Logout_ends_the_refresh_token_and_says_nothing_about_unknown_ones()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var session = await SignInAsync(tenant);
        var anonymous = app.Anonymous();

        await Expect.StatusAsync(HttpStatusCode.NoContent, await anonymous.PostAsync("/v1/auth/logout", new { refreshToken = (string)session["refreshToken"]! }));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync("/v1/auth/refresh", new { refreshToken = (string)session["refreshToken"]! }));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await anonymous.PostAsync("/v1/auth/logout", new { refreshToken = "crm_rt_made-up" }));
        await Expect.ValidationErrorAsync(await anonymous.PostAsync("/v1/auth/logout", new { refreshToken = "" }), "refreshToken");
    }

    [Fact]
    public async Task A_removed_member_cannot_refresh()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var agent = await owner.InviteAndAcceptAsync(app, "agent");
        var agentTokens = await SignInAsync(agent);
        var userId = (await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users")))["data"]!.AsArray()
            .Single(m => (string)m!["email"]! == agent.Email)!["userId"]!.ToString();

        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.Client.DeleteAsync($"/v1/users/{userId}", ifMatch: null));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await app.Anonymous().PostAsync("/v1/auth/refresh", new { refreshToken = (string)agentTokens["refreshToken"]! }));
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized,
            await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = owner.Slug, email = agent.Email, password = agent.Password }));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_pause_sign_in_for_the_account()
    {
        await using var strict = app.Sibling(settings: new Dictionary<string, string?> { ["Auth:MaxFailedLoginsPerAccount"] = "3" });
        await strict.InitializeAsync();
        var tenant = await strict.Anonymous().SignUpAsync();
        for (var i = 0; i < 3; i++)
        {
            await Expect.ProblemAsync(HttpStatusCode.Unauthorized,
                await strict.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = $"Wrong-guess-{i}" }));
        }

        // Now even the right password waits: the guesser learns nothing from it.
        using var paused = await strict.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = tenant.Password });
        await Expect.ProblemAsync(HttpStatusCode.TooManyRequests, paused, "too-many-attempts");
        Assert.True(int.Parse(paused.Headers.GetValues("Retry-After").Single()) > 0);

        // Other accounts are not affected.
        var other = await strict.Anonymous().SignUpAsync();
        await Expect.StatusAsync(HttpStatusCode.OK,
            await strict.Anonymous().PostAsync("/v1/auth/token", new { tenant = other.Slug, email = other.Email, password = other.Password }));
    }

    [Fact]
    public async Task A_refused_token_says_whether_it_expired_or_is_invalid()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var genuine = tenant.Client.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var options = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = DateTime.UtcNow;
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = now.AddHours(-1),
            SigningCredentials = new SigningCredentials(app.Services.GetRequiredService<SigningKeyStore>().Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity([new Claim(CrmClaims.Subject, Guid.NewGuid().ToString()), new Claim(CrmClaims.TenantId, tenant.TenantId.ToString()), new Claim(CrmClaims.Role, "owner")]),
        });

        var (expiredChallenge, expiredDetail) = await RefusedAsync(expired);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The access token expired\"", expiredChallenge);
        Assert.Contains("expired", expiredDetail, StringComparison.Ordinal);

        foreach (var garbage in new[] { "not-a-token", genuine[..^4] + "AAAA" })
        {
            var (challenge, detail) = await RefusedAsync(garbage);
            Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The access token is malformed or invalid\"", challenge);
            Assert.Contains("malformed or invalid", detail, StringComparison.Ordinal);
        }

        // No credential at all is not an error in the token (RFC 6750 §3.1): a bare challenge.
        using var none = await app.Anonymous().GetAsync("/v1/customers");
        await Expect.ProblemAsync(HttpStatusCode.Unauthorized, none, "unauthenticated");
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
    }

    private async Task<(string Challenge, string Detail)> RefusedAsync(string token)
    {
        var client = app.Anonymous();
        client.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await client.GetAsync("/v1/customers");
        var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, response, "unauthenticated");
        return (response.Headers.WwwAuthenticate.ToString(), (string)problem["detail"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> SignInAsync(TenantSession tenant) =>
        await Expect.JsonAsync(HttpStatusCode.OK,
            await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Email, password = tenant.Password }));
}

public sealed class TokenLifecycleOnSqlite(SqliteApp app) : TokenLifecycleTests(app), IClassFixture<SqliteApp>;

public sealed class TokenLifecycleOnPostgres(PostgresApp app) : TokenLifecycleTests(app), IClassFixture<PostgresApp>;
