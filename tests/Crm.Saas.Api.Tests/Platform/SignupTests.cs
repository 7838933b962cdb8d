using System.Net;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Platform;

/// <summary>A business signs up, gets its own store and an owner who can sign in.</summary>
public abstract class SignupTests(CrmApp app)
{
    [Fact]
    public async Task Sign_up_creates_an_active_tenant_at_the_latest_migration_whose_owner_can_sign_in()
    {
        var tenant = await app.Anonymous().SignUpAsync();

        var row = await app.WithCatalogAsync(c => c.Tenants.AsNoTracking().SingleAsync(t => t.Slug == tenant.Slug));
        Assert.Equal(TenantStatus.Active, row.Status);
        Assert.Equal(app.Provider.ToString(), row.Provider);
        Assert.Equal(TenantPlacement.LocationFor(tenant.TenantId), row.Location);
        Assert.Equal(app.Services.GetRequiredService<TenantDatabases>().LatestMigration(row.Provider), row.SchemaVersion);
        Assert.Contains(row.Location, await app.TenantStoresAsync());

        var token = await Expect.JsonAsync(HttpStatusCode.OK,
            await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug.ToUpperInvariant(), email = tenant.Email.ToUpperInvariant(), password = tenant.Password }));
        Assert.Equal("Bearer", (string)token["tokenType"]!);
        Assert.Equal(900, (int)token["expiresIn"]!);
        using var withToken = new HttpClient { BaseAddress = app.Anonymous().Http.BaseAddress };
        withToken.DefaultRequestHeaders.Authorization = new("Bearer", (string)token["accessToken"]!);
        await Expect.StatusAsync(HttpStatusCode.OK, await new CrmClient(withToken).GetAsync("/v1/customers"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("acme_tea")]
    [InlineData("acme.tea")]
    [InlineData("api")]
    [InlineData("billing")]
    [InlineData("a-slug-that-is-far-too-long-for-an-address-1")]
    public async Task A_bad_or_reserved_slug_is_refused(string slug)
    {
        using var response = await app.Anonymous().PostAsync("/v1/signup",
            new { companyName = "Acme", slug, ownerEmail = "o@acme.example.com", ownerPassword = "Quiet-harbour-2026" });
        await Expect.ValidationErrorAsync(response, "slug");
        Assert.False(await app.WithCatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug.ToLower())));
    }

    [Theory]
    [InlineData("short1!")]
    [InlineData("onlyletterslong")]
    [InlineData("1234567890123")]
    [InlineData("owner-pass-2026")]
    public async Task A_weak_password_is_refused(string password)
    {
        using var response = await app.Anonymous().PostAsync("/v1/signup",
            new { companyName = "Acme", slug = "t" + Guid.NewGuid().ToString("N")[..10], ownerEmail = "owner@acme.example.com", ownerPassword = password });
        await Expect.ValidationErrorAsync(response, "ownerPassword");
    }

    [Fact]
    public async Task A_taken_slug_is_a_conflict()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        using var response = await app.Anonymous().PostAsync("/v1/signup",
            new { companyName = "Copycat", slug = tenant.Slug, ownerEmail = "someone@else.example.com", ownerPassword = "Quiet-harbour-2026" });
        await Expect.ProblemAsync(HttpStatusCode.Conflict, response, "duplicate-slug");
    }

    [Fact]
    public async Task An_existing_account_adds_a_business_only_with_its_password()
    {
        var first = await app.Anonymous().SignUpAsync();

        var stolen = await app.Anonymous().PostAsync("/v1/signup",
            new { companyName = "Hijack", slug = "t" + Guid.NewGuid().ToString("N")[..10], ownerEmail = first.Email, ownerPassword = "Another-pass-99" });
        await Expect.ProblemAsync(HttpStatusCode.Conflict, stolen, "email-registered");

        var second = await app.Anonymous().SignUpAsync(email: first.Email, password: first.Password);
        Assert.NotEqual(first.TenantId, second.TenantId);
        foreach (var tenant in new[] { first, second })
        {
            await Expect.StatusAsync(HttpStatusCode.OK,
                await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = first.Email, password = first.Password }));
        }
    }

    [Fact]
    public async Task Every_failed_sign_in_gets_the_same_answer()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var other = await app.Anonymous().SignUpAsync();
        var attempts = new object[]
        {
            new { tenant = tenant.Slug, email = tenant.Email, password = "Wrong-password-1" },
            new { tenant = tenant.Slug, email = "nobody@example.com", password = tenant.Password },
            new { tenant = "no-such-tenant", email = tenant.Email, password = tenant.Password },
            new { tenant = other.Slug, email = tenant.Email, password = tenant.Password },
        };

        var answers = new HashSet<string>();
        foreach (var attempt in attempts)
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await app.Anonymous().PostAsync("/v1/auth/token", attempt), "invalid-credentials");
            problem.Remove("traceId");
            answers.Add(problem.ToJsonString());
        }

        Assert.Single(answers);
    }

    [Fact]
    public async Task A_provisioning_failure_leaves_no_tenant_and_no_store_behind()
    {
        await using var failing = app.Sibling(services => services.AddSingleton<IPasswordHasher<PlatformUser>, FailingHasher>());
        await failing.InitializeAsync();
        var before = await failing.TenantStoresAsync();

        using var response = await failing.Anonymous().PostAsync("/v1/signup",
            new { companyName = "Unlucky", slug = "unlucky-shop", ownerEmail = "owner@unlucky.example.com", ownerPassword = "Quiet-harbour-2026" });

        await Expect.ProblemAsync(HttpStatusCode.InternalServerError, response, "provisioning-failed");
        Assert.False(await failing.WithCatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == "unlucky-shop")));
        Assert.False(await failing.WithCatalogAsync(c => c.Users.AnyAsync(u => u.EmailNormalized == "owner@unlucky.example.com")));
        Assert.Equal(before, await failing.TenantStoresAsync());
    }

    /// <summary>Fails while creating the owner: after the tenant's store was made, so the clean-up has work to do.</summary>
    private sealed class FailingHasher : IPasswordHasher<PlatformUser>
    {
        public string HashPassword(PlatformUser user, string password) => throw new InvalidOperationException("hasher down");

        public PasswordVerificationResult VerifyHashedPassword(PlatformUser user, string hashedPassword, string providedPassword) =>
            PasswordVerificationResult.Failed;
    }
}

public sealed class SignupOnSqlite(SqliteApp app) : SignupTests(app), IClassFixture<SqliteApp>;

public sealed class SignupOnPostgres(PostgresApp app) : SignupTests(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task New_tenants_go_to_the_shard_with_the_fewest_tenants()
    {
        for (var i = 0; i < 4; i++)
        {
            await app.Anonymous().SignUpAsync();
        }

        var perShard = await app.WithCatalogAsync(c => c.Tenants.GroupBy(t => t.Connection).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(["shard-a", "shard-b"], perShard.Select(s => s.Key).Order());
        Assert.InRange(Math.Abs(perShard[0].Count - perShard[1].Count), 0, 1);
    }
}
