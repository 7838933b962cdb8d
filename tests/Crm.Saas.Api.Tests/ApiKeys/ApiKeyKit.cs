using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Platform;
using Crm.Saas.Api.Tests.Support;
using Microsoft.AspNetCore.Identity;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>The two ways a partner sends its key.</summary>
public enum KeyForm
{
    XApiKey,
    Bearer,
}

/// <summary>A key as issued: its id, the secret (shown once) and the body it came in.</summary>
public sealed record IssuedKey(string Id, string Key, string Prefix, JsonObject Body)
{
    /// <summary>The part of the key after the public prefix: what must never be stored or logged.</summary>
    public string SecretPart => Key[(Prefix.Length + 1)..];
}

/// <summary>Issuing keys, calling with them, and signing in users of other roles.</summary>
internal static class ApiKeyKit
{
    public static readonly string[] CustomerScopes = ["customers:read", "customers:write"];

    public static async Task<IssuedKey> IssueAsync(CrmClient admin, string[]? scopes = null, string name = "Shop sync", DateTime? expiresAt = null)
    {
        var body = await Expect.JsonAsync(HttpStatusCode.Created,
            await admin.PostAsync("/v1/api-keys", new { name, scopes = scopes ?? CustomerScopes, expiresAt }));
        return new IssuedKey((string)body["id"]!, (string)body["key"]!, (string)body["prefix"]!, body);
    }

    public static CrmClient Client(CrmApp app, string key, KeyForm form = KeyForm.XApiKey)
    {
        var http = new HttpClient { BaseAddress = app.Anonymous().Http.BaseAddress };
        if (form == KeyForm.Bearer)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return new CrmClient(http);
    }

    /// <summary>
    /// A second user of the tenant with <paramref name="role"/>, signed in. There is no invitation endpoint on this
    /// branch, so the user and membership go into the catalog directly, as the invitation flow would leave them.
    /// </summary>
    public static async Task<CrmClient> SignInAsAsync(CrmApp app, TenantSession tenant, TenantRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@{tenant.Slug}.example.com";
        const string password = "Second-user-2026";
        await app.WithCatalogAsync(async catalog =>
        {
            var user = new PlatformUser { Id = Guid.CreateVersion7(), Email = email, EmailNormalized = email, PasswordHash = "", CreatedAt = DateTime.UtcNow };
            user.PasswordHash = new PasswordHasher<PlatformUser>().HashPassword(user, password);
            catalog.Users.Add(user);
            catalog.Memberships.Add(new Membership { TenantId = tenant.TenantId, UserId = user.Id, Role = role, CreatedAt = DateTime.UtcNow });
            return await catalog.SaveChangesAsync();
        });

        var token = await Expect.JsonAsync(HttpStatusCode.OK,
            await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email, password }));
        var http = new HttpClient { BaseAddress = app.Anonymous().Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        return new CrmClient(http);
    }
}
