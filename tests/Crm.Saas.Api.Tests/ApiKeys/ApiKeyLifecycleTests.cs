using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Tests.Customers;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>A key is issued, shown once, used in either header form, and refused from the moment it is revoked or expires.</summary>
public abstract class ApiKeyLifecycleTests(CrmApp app)
{
    [Fact]
    public async Task A_key_is_shown_once_works_in_both_header_forms_and_is_refused_at_once_after_revocation()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        using var created = await owner.PostAsync("/v1/api-keys", new { name = "POS sync", scopes = ApiKeyKit.CustomerScopes });
        var body = await Expect.JsonAsync(HttpStatusCode.Created, created);
        var id = (string)body["id"]!;
        var key = (string)body["key"]!;
        Assert.Matches("^crm_live_[0-9A-Za-z]{8}_[0-9A-Za-z]{32,}$", key);
        Assert.Equal(key[..17], (string)body["prefix"]!);
        Assert.Equal("POS sync", (string)body["name"]!);
        Assert.Equal(ApiKeyKit.CustomerScopes, body["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Null(body["expiresAt"]);
        Assert.Equal($"/v1/api-keys/{id}", created.Headers.Location?.OriginalString);
        Assert.True(created.Headers.CacheControl?.NoStore);

        var byBearer = ApiKeyKit.Client(app, key, KeyForm.Bearer);
        var byHeader = ApiKeyKit.Client(app, key, KeyForm.XApiKey);
        var customer = await Expect.JsonAsync(HttpStatusCode.Created, await byBearer.PostAsync("/v1/customers", CustomersApiTests.NewCustomer()));
        var listed = await Expect.JsonAsync(HttpStatusCode.OK, await byHeader.GetAsync("/v1/customers"));
        Assert.Equal([(string)customer["id"]!], listed["data"]!.AsArray().Select(c => (string)c!["id"]!));

        // Reads show the prefix and the history, never the secret.
        var secret = key[18..];
        using var read = await owner.GetAsync($"/v1/api-keys/{id}");
        var readText = await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var readBody = await Expect.JsonAsync(HttpStatusCode.OK, read);
        Assert.DoesNotContain(secret, readText, StringComparison.Ordinal);
        Assert.False(readBody.ContainsKey("key"));
        Assert.Equal(key[..17], (string)readBody["prefix"]!);
        Assert.NotNull(readBody["lastUsedAt"]);
        Assert.Null(readBody["revokedAt"]);
        Assert.Equal((string)body["createdAt"]!, (string)readBody["createdAt"]!);
        var listText = await (await owner.GetAsync("/v1/api-keys")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(id, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);

        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.DeleteAsync($"/v1/api-keys/{id}", ifMatch: null));

        foreach (var client in new[] { byBearer, byHeader })
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await client.GetAsync("/v1/customers"), "unauthenticated");
            Assert.Contains("revoked", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        var revoked = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync($"/v1/api-keys/{id}"));
        var revokedAt = (string)revoked["revokedAt"]!;
        Assert.NotNull(revokedAt);

        // Revoking again changes nothing.
        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.DeleteAsync($"/v1/api-keys/{id}", ifMatch: null));
        Assert.Equal(revokedAt, (string)(await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync($"/v1/api-keys/{id}")))["revokedAt"]!);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var expiresAt = DateTime.UtcNow.AddHours(1);
        var key = await ApiKeyKit.IssueAsync(owner, expiresAt: expiresAt);
        Assert.Equal(expiresAt, DateTime.Parse((string)key.Body["expiresAt"]!).ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, key.Key).GetAsync("/v1/customers"));

        await app.WithCatalogAsync(c => c.ApiKeys.Where(k => k.Id == Guid.Parse(key.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), TestContext.Current.CancellationToken));

        foreach (var form in new[] { KeyForm.XApiKey, KeyForm.Bearer })
        {
            var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await ApiKeyKit.Client(app, key.Key, form).GetAsync("/v1/customers"), "unauthenticated");
            Assert.Contains("expired", (string)problem["detail"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Keys_that_are_not_ours_are_refused_like_a_missing_token()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var key = await ApiKeyKit.IssueAsync(owner);
        var tampered = key.Key[..^1] + (key.Key[^1] == 'a' ? 'b' : 'a');
        var unknownPrefix = "crm_live_00000000_" + key.SecretPart;

        foreach (var bad in new[] { tampered, unknownPrefix, "crm_live_short", "crm_" + new string('x', 500), "crm_live_abcdefgh_" + new string('!', 32) })
        {
            foreach (var form in new[] { KeyForm.XApiKey, KeyForm.Bearer })
            {
                using var response = await ApiKeyKit.Client(app, bad, form).GetAsync("/v1/customers");
                var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, response, "unauthenticated");
                Assert.Equal("Unauthenticated", (string)problem["title"]!);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            }
        }

        // The same key in both headers is fine; two different keys are ambiguous and refused.
        using var both = await ApiKeyKit.Client(app, key.Key, KeyForm.Bearer).GetAsync("/v1/customers", ("X-Api-Key", key.Key));
        await Expect.StatusAsync(HttpStatusCode.OK, both);
        using var conflicting = await ApiKeyKit.Client(app, key.Key, KeyForm.Bearer).GetAsync("/v1/customers", ("X-Api-Key", tampered));
        await Expect.ProblemAsync(HttpStatusCode.BadRequest, conflicting, "ambiguous-credentials");
    }

    [Fact]
    public async Task A_suspended_tenants_keys_are_refused_at_once()
    {
        var tenant = await app.Anonymous().SignUpAsync();
        var key = await ApiKeyKit.IssueAsync(tenant.Client);
        var partner = ApiKeyKit.Client(app, key.Key);
        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));

        await app.WithCatalogAsync(c => c.Tenants.Where(t => t.Id == tenant.TenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Suspended), TestContext.Current.CancellationToken));

        var problem = await Expect.ProblemAsync(HttpStatusCode.Unauthorized, await partner.GetAsync("/v1/customers"), "unauthenticated");
        Assert.Contains("not active", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_keeps_only_the_hash_of_the_key()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var key = await ApiKeyKit.IssueAsync(owner);

        var row = await app.WithCatalogAsync(c => c.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == Guid.Parse(key.Id), TestContext.Current.CancellationToken));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))), row.SecretHash);
        Assert.Equal(key.Prefix, row.Prefix);
        var stored = string.Join("|", row.Name, row.Prefix, row.SecretHash, string.Join(",", row.Scopes), row.TenantId, row.CreatedByUserId);
        Assert.DoesNotContain(key.SecretPart, stored, StringComparison.Ordinal);
        Assert.NotNull(row.CreatedByUserId);
    }

    [Fact]
    public async Task Last_use_is_recorded_at_most_once_a_minute()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var key = await ApiKeyKit.IssueAsync(owner);
        var id = Guid.Parse(key.Id);
        var partner = ApiKeyKit.Client(app, key.Key);
        Task<DateTime?> LastUsed() => app.WithCatalogAsync(c => c.ApiKeys.Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync(TestContext.Current.CancellationToken));

        Assert.Null(await LastUsed());
        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));
        var first = await LastUsed();
        Assert.NotNull(first);

        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));
        Assert.Equal(first, await LastUsed());

        var longAgo = DateTime.UtcNow.AddMinutes(-2);
        await app.WithCatalogAsync(c => c.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, longAgo), TestContext.Current.CancellationToken));
        await Expect.StatusAsync(HttpStatusCode.OK, await partner.GetAsync("/v1/customers"));
        Assert.True(await LastUsed() > longAgo.AddMinutes(1));
    }

    [Fact]
    public async Task A_retried_create_replays_the_same_key_and_makes_no_second_one()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var idempotencyKey = ("Idempotency-Key", "issue-pos-key-" + Guid.NewGuid());
        var request = new { name = "POS", scopes = new[] { "customers:read" } };

        using var first = await owner.PostAsync("/v1/api-keys", request, idempotencyKey);
        var firstBody = await Expect.JsonAsync(HttpStatusCode.Created, first);
        using var retry = await owner.PostAsync("/v1/api-keys", request, idempotencyKey);
        var retryBody = await Expect.JsonAsync(HttpStatusCode.Created, retry);

        Assert.True(JsonNode.DeepEquals(firstBody, retryBody));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.True(retry.Headers.CacheControl?.NoStore);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(app, (string)retryBody["key"]!).GetAsync("/v1/customers"));

        await Expect.ProblemAsync(HttpStatusCode.UnprocessableEntity,
            await owner.PostAsync("/v1/api-keys", new { name = "Other", scopes = new[] { "customers:read" } }, idempotencyKey), "idempotency-key-reused");
        var list = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync("/v1/api-keys"));
        Assert.Equal([(string)firstBody["id"]!], list["data"]!.AsArray().Select(k => (string)k!["id"]!));
    }

    [Fact]
    public async Task The_list_pages_through_every_key_revoked_ones_included()
    {
        var owner = (await app.Anonymous().SignUpAsync()).Client;
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            issued.Add((await ApiKeyKit.IssueAsync(owner, name: $"Key {i}")).Id);
        }

        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.DeleteAsync($"/v1/api-keys/{issued[1]}", ifMatch: null));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Expect.JsonAsync(HttpStatusCode.OK, await owner.GetAsync($"/v1/api-keys?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(k => (string)k!["id"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(issued, seen);
    }
}

public sealed class ApiKeyLifecycleOnSqlite(SqliteApp app) : ApiKeyLifecycleTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyLifecycleOnPostgres(PostgresApp app) : ApiKeyLifecycleTests(app), IClassFixture<PostgresApp>;
