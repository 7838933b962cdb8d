using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>
/// A resource answer (200 or 201) that carries its ETag and, when created, its Location. The idempotency filter
/// reads these to store a replayable copy of the first response.
/// </summary>
public class ResourceResult<T>(int statusCode, T value, string? etag, string? location)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider, Idempotency.IResourceHeaders
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public T Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    public string? ETag { get; } = etag;

    public string? Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (ETag is not null)
        {
            httpContext.Response.Headers.ETag = ETag;
        }

        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(Value, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>A 201 with the new resource, its Location and its ETag.</summary>
public sealed class CreatedResourceResult<T>(T value, string? etag, string location)
    : ResourceResult<T>(StatusCodes.Status201Created, value, etag, location), IEndpointMetadataProvider
{
    public static new void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), ["application/json"]));
}

public static class ResourceResults
{
    public static ResourceResult<T> Ok<T>(T value, int version) => new(StatusCodes.Status200OK, value, ETags.For(version), null);

    public static CreatedResourceResult<T> Created<T>(T value, int version, string location) => new(value, ETags.For(version), location);
}
