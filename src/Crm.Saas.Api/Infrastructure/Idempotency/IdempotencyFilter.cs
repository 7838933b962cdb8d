using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Infrastructure.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on creating requests. The key's record is written in the same transaction as the change
/// it guards, so a retry either finds the committed first response (and replays it) or finds nothing (and the first
/// attempt changed nothing). Two racing requests with one key: the second waits on the first's row, then replays.
/// The same key with a different request is a 422; failed attempts leave no record and may be retried.
/// </summary>
internal sealed class IdempotencyFilter<TRequest>(TenantDbContext db, TimeProvider clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[IdempotencyFilter.Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return http.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>() is { Required: true }
                ? Problems.ApiProblems.Problem(428, ProblemTypes.IdempotencyKeyRequired, "Idempotency key required",
                    $"This request moves money or points: send an {IdempotencyFilter.Header} header (a unique key per operation) so that a retry cannot apply it twice.")
                : await next(context);
        }

        if (key.Length > IdempotencyFilter.MaxKeyLength || key.Any(char.IsControl))
        {
            return Problems.ApiProblems.Validation(IdempotencyFilter.Header, $"Must be 1 to {IdempotencyFilter.MaxKeyLength} printable characters.");
        }

        var hash = RequestHash(http.Request, context.Arguments.OfType<TRequest>().FirstOrDefault());
        var cancellationToken = http.RequestAborted;
        await using var owned = await TenantTransactions.BeginUnlessActiveAsync(db, cancellationToken);

        var existing = await FindLiveAsync(key, cancellationToken);
        if (existing is not null)
        {
            return Replay(existing, hash);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new IdempotencyRecord { Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Retention };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another request with this key committed first (we waited on its row): answer as it did.
            db.Entry(record).State = EntityState.Detached;
            var winner = await FindLiveAsync(key, cancellationToken);
            return winner is null ? InUse() : Replay(winner, hash);
        }

        var result = await next(context);
        var outcome = HttpResults.Unwrap(result);
        if (!HttpResults.IsSuccess(outcome))
        {
            // No record: the client may fix the request and retry. Whoever owns the transaction rolls it back.
            db.Entry(record).State = EntityState.Detached;
            if (owned is not null)
            {
                await owned.RollbackAsync(cancellationToken);
            }

            return result;
        }

        Capture(record, outcome);
        await db.SaveChangesAsync(cancellationToken);
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }

        return result;
    }

    private async Task<IdempotencyRecord?> FindLiveAsync(string key, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (record is null || record.ExpiresAt > clock.GetUtcNow().UtcDateTime)
        {
            return record;
        }

        await db.IdempotencyRecords.Where(r => r.Key == key).ExecuteDeleteAsync(cancellationToken);
        return null;
    }

    private string RequestHash(HttpRequest request, TRequest? body)
    {
        // The route (with its ids) and the request as bound: whitespace or key order in the JSON do not matter.
        var bytes = Encoding.UTF8.GetBytes(request.Method + " " + request.Path + "\n" + JsonSerializer.Serialize(body, json.Value.SerializerOptions));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private void Capture(IdempotencyRecord record, object? result)
    {
        record.StatusCode = ((IStatusCodeHttpResult)result!).StatusCode ?? 200;
        var value = (result as IValueHttpResult)?.Value;
        record.ResponseBody = JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), json.Value.SerializerOptions);
        if (result is IResourceHeaders headers)
        {
            record.Location = headers.Location;
            record.ETag = headers.ETag;
        }
    }

    private static IResult Replay(IdempotencyRecord record, string hash) =>
        record.RequestHash != hash
            ? Problems.ApiProblems.Problem(422, ProblemTypes.IdempotencyKeyReused, "Idempotency key reused",
                "This Idempotency-Key was used with a different request. Use a new key for a new request.")
            : record.ResponseBody is null
                ? InUse()
                : new ReplayedResult(record);

    private static IResult InUse() =>
        Problems.ApiProblems.Problem(409, ProblemTypes.IdempotencyKeyInUse, "Idempotency key in use",
            "A request with this Idempotency-Key is still being processed. Retry shortly.");

    private sealed class ReplayedResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.StatusCode;
            response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
            if (record.Location is not null)
            {
                response.Headers.Location = record.Location;
            }

            if (record.ETag is not null)
            {
                response.Headers.ETag = record.ETag;
            }

            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(record.ResponseBody!, httpContext.RequestAborted);
        }
    }
}

public static class IdempotencyFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>
    /// Makes a creating endpoint honour <c>Idempotency-Key</c>, comparing requests as bound to <typeparamref name="TRequest"/>.
    /// With <paramref name="required"/>, a request without the key is refused (428) before anything runs.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TRequest>(this RouteHandlerBuilder builder, bool required = false)
    {
        builder.AddEndpointFilter<IdempotencyFilter<TRequest>>()
            .WithMetadata(new IdempotentEndpointMetadata { Required = required })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return required ? builder.ProducesProblem(StatusCodes.Status428PreconditionRequired) : builder;
    }
}

/// <summary>Marks an endpoint that accepts <c>Idempotency-Key</c> (or requires it); the OpenAPI document declares the header from it.</summary>
public sealed class IdempotentEndpointMetadata
{
    public bool Required { get; init; }
}

/// <summary>A result that carries the resource headers a replay must repeat.</summary>
public interface IResourceHeaders
{
    string? Location { get; }

    string? ETag { get; }
}
