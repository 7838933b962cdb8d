using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Crm.Saas.Api.Tests.Support;

/// <summary>Assertions on responses that show the body when they fail.</summary>
public static class Expect
{
    public static async Task StatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    public static async Task<JsonObject> JsonAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        await StatusAsync(expected, response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(CrmClient.Json))!;
    }

    /// <summary>An RFC 9457 problem with the given status and type, with a trace id and no stack trace.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpStatusCode expected, HttpResponseMessage response, string? typeSuffix = null)
    {
        await StatusAsync(expected, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", raw, StringComparison.Ordinal);
        var problem = JsonNode.Parse(raw)!.AsObject();
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.StartsWith("https://crm-saas.dev/problems/", (string)problem["type"]!, StringComparison.Ordinal);
        if (typeSuffix is not null)
        {
            Assert.Equal("https://crm-saas.dev/problems/" + typeSuffix, (string)problem["type"]!);
        }

        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
        return problem;
    }

    /// <summary>A 400 validation problem naming the field.</summary>
    public static async Task<JsonObject> ValidationErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(HttpStatusCode.BadRequest, response, "validation");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}' but got: {errors.ToJsonString()}");
        return problem;
    }
}
