using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Saas.Api.Tests.Support;

/// <summary>An HTTP client for the API as a partner would use it: JSON in and out, problems readable.</summary>
public sealed class CrmClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<HttpResponseMessage> PostAsync(string path, object body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body, options: Json), headers);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, contentType), headers);

    public Task<HttpResponseMessage> PatchAsync(string path, object body, string? ifMatch, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, contentType),
            ifMatch is null ? [] : [("If-Match", ifMatch)]);

    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? ifMatch) =>
        SendAsync(HttpMethod.Delete, path, null, ifMatch is null ? [] : [("If-Match", ifMatch)]);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.ExpectContinue = true;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs a new business up and returns a client holding its owner's token.</summary>
    public async Task<TenantSession> SignUpAsync(string? slug = null, string? email = null, string password = "Quiet-harbour-2026")
    {
        slug ??= "t" + Guid.NewGuid().ToString("N")[..12];
        email ??= $"owner@{slug}.example.com";
        using var response = await PostAsync("/v1/signup", new { companyName = $"Company {slug}", slug, ownerEmail = email, ownerPassword = password });
        await Expect.StatusAsync(HttpStatusCode.Created, response);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Json);
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body!["accessToken"]!);
        return new TenantSession(Guid.Parse((string)body["tenantId"]!), slug, email, password, new CrmClient(client));
    }
}

public sealed record TenantSession(Guid TenantId, string Slug, string Email, string Password, CrmClient Client);
