using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>JSON Merge Patch (RFC 7396) onto a writable shape, read from the request body.</summary>
public static class MergePatch
{
    public const string MediaType = "application/merge-patch+json";

    /// <summary>The patched shape, validated: every PATCH handler's first steps, with the problem to answer if any.</summary>
    public static async Task<MergeResult<T>> ReadApplyAndValidateAsync<T>(
        HttpRequest request, T current, JsonSerializerOptions options, IValidator<T> validator, CancellationToken cancellationToken)
    {
        var merged = await ReadAndApplyAsync(request, current, options, cancellationToken);
        if (merged.Problem is not null)
        {
            return merged;
        }

        return await validator.RefuseInvalidAsync(merged.Value!, cancellationToken) is { } refused ? new(default, refused) : merged;
    }

    public static async Task<MergeResult<T>> ReadAndApplyAsync<T>(
        HttpRequest request, T current, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, MediaType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(default, Problems.ApiProblems.Problem(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type",
                $"This endpoint takes {MediaType} or application/json; the request sent {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{request.ContentType}'")}."));
        }

        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return new(default, JsonProblems.From(e));
        }

        if (patch is not JsonObject)
        {
            return new(default, Problems.ApiProblems.Validation("$", "A merge patch must be a JSON object."));
        }

        var merged = Apply(JsonSerializer.SerializeToNode(current, options), patch);
        try
        {
            return new(merged.Deserialize<T>(options), null);
        }
        catch (JsonException e)
        {
            return new(default, JsonProblems.From(e));
        }
    }

    /// <summary>RFC 7396: objects merge member by member, null removes a member, anything else replaces.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var existing = result[name];
            var merged = Apply(existing, value);
            if (!ReferenceEquals(merged, existing))
            {
                result[name] = merged;
            }
        }

        return result;
    }
}

public sealed record MergeResult<T>(T? Value, IResult? Problem);
