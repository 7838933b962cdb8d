using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Client;

/// <summary>
/// The Crm.Saas API (/v1) for .NET. One method per operation (see <see cref="CrmOperationAttribute"/>); errors are
/// <see cref="CrmProblemException"/>s; lists are <see cref="IAsyncEnumerable{T}"/>s that follow nextCursor; creates send
/// an Idempotency-Key (yours, or a new one). Thread-safe; register it with services.AddCrmSaasClient.
/// </summary>
public sealed partial class CrmSaasClient
{
    /// <summary>The OpenAPI document version this client was written against.</summary>
    public const string DocumentVersion = "1.0.0";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Merge patches keep their nulls: a null removes the field.</summary>
    private static readonly JsonSerializerOptions PatchJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly CrmSaasClientOptions _options;

    /// <summary>For IHttpClientFactory (typed client); see AddCrmSaasClient.</summary>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public CrmSaasClient(HttpClient http, IOptions<CrmSaasClientOptions> options)
        : this(http, options.Value)
    {
    }

    /// <summary>Over an HttpClient you own; its BaseAddress, or the options', is the API's address.</summary>
    public CrmSaasClient(HttpClient http, CrmSaasClientOptions options)
    {
        _http = http;
        _options = options;
        if (_http.BaseAddress is null)
        {
            _http.BaseAddress = options.BaseAddress ?? throw new ArgumentException("Set BaseAddress on the HttpClient or the options.", nameof(options));
        }
    }

    /// <summary>A client for the same API with another credential (a user's token, say, after signing up).</summary>
    public CrmSaasClient WithCredential(string? apiKey = null, string? accessToken = null) => new(_http, new CrmSaasClientOptions
    {
        BaseAddress = _options.BaseAddress,
        ApiKey = apiKey,
        AccessToken = accessToken,
        IdempotencyKeyFactory = _options.IdempotencyKeyFactory,
    });

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        ReadAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    private Task<T> CreateAsync<T>(string path, object body, string? idempotencyKey, CancellationToken cancellationToken) =>
        ReadAsync<T>(HttpMethod.Post, path, JsonContent.Create(body, body.GetType(), options: Json), cancellationToken,
            (IdempotencyHeader, idempotencyKey ?? _options.IdempotencyKeyFactory()));

    private const string IdempotencyHeader = "Idempotency-Key";

    private async Task<T> ReadAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(method, path, content, cancellationToken, headers);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private async Task<Versioned<T>> ReadVersionedAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        var value = (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
        return new Versioned<T>(value, response.Headers.ETag?.ToString() ?? throw new CrmProblemException($"{path} sent no ETag."));
    }

    private Task<T> PatchAsync<T>(string path, object patch, string ifMatch, CancellationToken cancellationToken)
    {
        var content = new StringContent(JsonSerializer.Serialize(patch, patch.GetType(), PatchJson));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        return ReadAsync<T>(HttpMethod.Patch, path, content, cancellationToken, ("If-Match", ifMatch));
    }

    private async Task DeleteAsync(string path, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = ifMatch is null
            ? await SendAsync(HttpMethod.Delete, path, null, cancellationToken)
            : await SendAsync(HttpMethod.Delete, path, null, cancellationToken, ("If-Match", ifMatch));
    }

    /// <summary>Every item of a list, page after page, until nextCursor is null or a page is empty (the change feed's end).</summary>
    private async IAsyncEnumerable<T> PagesAsync<T>(string path, IReadOnlyDictionary<string, string?> query, int? pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await GetAsync<Page<T>>(Query(path, query, pageSize, cursor), cancellationToken);
            foreach (var item in page.Data)
            {
                yield return item;
            }

            cursor = page.Data.Count > 0 ? page.NextCursor : null;
        }
        while (cursor is not null);
    }

    private static string Query(string path, IReadOnlyDictionary<string, string?> query, int? limit, string? cursor)
    {
        var pairs = query.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!)).ToList();
        if (limit is { } l)
        {
            pairs.Add(("limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (cursor is not null)
        {
            pairs.Add(("cursor", cursor));
        }

        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)!;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        if (_options.ApiKey is { } apiKey)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }
        else if (_options.AccessTokenProvider is { } provider)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await provider(cancellationToken));
        }
        else if (_options.AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
    }

    private static async Task<CrmProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        CrmProblem? problem = null;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<CrmProblem>(Json, cancellationToken);
            }
            catch (JsonException)
            {
                // Not a problem after all (a proxy's page): fall through to one made from the status.
            }
        }

        problem ??= new CrmProblem { Status = (int)response.StatusCode, Title = response.ReasonPhrase, Detail = await response.Content.ReadAsStringAsync(cancellationToken) };
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new CrmProblemException(response.StatusCode, problem, retryAfter);
    }
}

/// <summary>A resource and its ETag: send the ETag as If-Match to change or delete it.</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>One page of a list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);
