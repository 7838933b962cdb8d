using System.Globalization;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// Cursor-paginated list. Without <c>updatedSince</c> it is ordered by id (UUIDv7, so by creation); with it, it is
/// the incremental sync feed (<see cref="SyncFeed"/>). Either order is total, so pages never repeat or skip.
/// </summary>
internal static class ListCustomers
{
    public static async Task<Results<Ok<Page<CustomerResponse>>, ValidationProblem>> Handle(
        [AsParameters] CustomerListQuery query, IValidator<CustomerListQuery> validator, TenantDbContext db, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        var limit = query.ParsedLimit;
        var since = query.ParsedUpdatedSince;
        // The sync feed (updatedSince) also carries deletions, as tombstones; ordinary lists show live customers only.
        var customers = since is null ? db.Customers.AsNoTracking().Where(c => c.DeletedAt == null) : db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim().ToLowerInvariant();
            customers = customers.Where(c => c.Name.ToLower().Contains(q) || c.EmailNormalized!.Contains(q) || c.Phone!.Contains(q));
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            customers = customers.Where(c => c.Tags.Contains(tag));
        }

        if (query.ParsedStage is { } stage)
        {
            customers = customers.Where(c => c.LifecycleStage == stage);
        }

        if (query.ParsedSegment is { } segment)
        {
            customers = customers.Where(c => c.Segment == segment);
        }

        if (query.ParsedMinMonetary is { } minMonetary)
        {
            customers = customers.Where(c => c.MonetaryScore >= minMonetary);
        }

        Cursor.TryDecode<CustomerCursor>(query.Cursor, out var after);
        return since is { } from
            ? TypedResults.Ok(await SyncFeed.PageAsync(db, customers, from, after, limit, cancellationToken))
            : TypedResults.Ok(await ByIdAsync(customers, after, limit, cancellationToken));
    }

    private static async Task<Page<CustomerResponse>> ByIdAsync(IQueryable<Customer> customers, CustomerCursor? after, int limit, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            customers = customers.Where(c => c.Id.CompareTo(after.Id) > 0);
        }

        var rows = await customers.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new CustomerCursor(page[^1].Id, null)) : null;
        return new Page<CustomerResponse>(page.Select(CustomerResponse.From).ToList(), next);
    }
}

/// <summary>Where the previous page ended.</summary>
internal sealed record CustomerCursor(Guid Id, long? ChangeVersion);

/// <summary>The list's query string, taken as text and validated here so that every bad value is a per-field 400.</summary>
public sealed record CustomerListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "tag")] string? Tag,
    [property: FromQuery(Name = "stage")] string? Stage,
    [property: FromQuery(Name = "updatedSince")] string? UpdatedSince,
    [property: FromQuery(Name = "segment")] string? Segment = null,
    [property: FromQuery(Name = "minMonetary")] string? MinMonetary = null)
{
    internal int ParsedLimit => PageRules.ParseLimit(Limit);

    internal LifecycleStage? ParsedStage => Stage is null ? null : StageWords.TryGetValue(Stage, out var stage) ? stage : null;

    internal DateTime? ParsedUpdatedSince =>
        DateTime.TryParse(UpdatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since)
            ? DateTime.SpecifyKind(since, DateTimeKind.Utc)
            : null;

    internal RfmSegment? ParsedSegment => Segment is not null && SegmentWords.TryGetValue(Segment, out var segment) ? segment : null;

    /// <summary>The least RFM monetary score (1–5) to list.</summary>
    internal int? ParsedMinMonetary => int.TryParse(MinMonetary, NumberStyles.None, CultureInfo.InvariantCulture, out var score) ? score : null;

    internal static readonly Dictionary<string, RfmSegment> SegmentWords =
        Enum.GetValues<RfmSegment>().ToDictionary(SnakeCaseEnumConverter<RfmSegment>.ToWord, s => s, StringComparer.Ordinal);

    internal static readonly Dictionary<string, LifecycleStage> StageWords =
        Enum.GetValues<LifecycleStage>().ToDictionary(SnakeCaseEnumConverter<LifecycleStage>.ToWord, s => s, StringComparer.Ordinal);
}

internal sealed class CustomerListQueryValidator : AbstractValidator<CustomerListQuery>
{
    public CustomerListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<CustomerListQuery, CustomerCursor>();
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Tag).MaximumLength(CustomerLimits.Tag);
        RuleFor(q => q.Stage).Must(s => s is null || CustomerListQuery.StageWords.ContainsKey(s))
            .WithMessage($"Must be one of: {string.Join(", ", CustomerListQuery.StageWords.Keys)}.");
        RuleFor(q => q.UpdatedSince).Must(s => s is null || new CustomerListQuery(null, null, null, null, null, s).ParsedUpdatedSince is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-01-31T09:00:00Z.");
        RuleFor(q => q.Segment).Must(s => s is null || CustomerListQuery.SegmentWords.ContainsKey(s))
            .WithMessage($"Must be one of: {string.Join(", ", CustomerListQuery.SegmentWords.Keys)}.");
        RuleFor(q => q.MinMonetary).Must(m => new CustomerListQuery(null, null, null, null, null, null, MinMonetary: m).ParsedMinMonetary is >= 1 and <= 5)
            .When(q => q.MinMonetary is not null).WithMessage("Must be an RFM monetary score from 1 to 5.");
    }
}
