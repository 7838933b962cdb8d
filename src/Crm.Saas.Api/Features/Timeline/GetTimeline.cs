using Crm.Saas.Api.Features.Timeline.Contracts;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>
/// A customer's history, newest first, as one read of <c>customer_events</c> along its index
/// (customer_id, occurred_at desc, id desc): the cost of a page does not grow with the customer's history.
/// </summary>
internal static class GetTimeline
{
    public static async Task<IResult> Handle(
        Guid customerId, [AsParameters] TimelineQuery query, TenantDbContext db, ITimelineSubjects subjects,
        CancellationToken cancellationToken)
    {
        if (await subjects.RefuseMissingAsync(db, customerId, cancellationToken) is { } missing)
        {
            return missing;
        }

        Cursor.TryDecode<TimelineCursor>(query.Cursor, out var after);
        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await PageQuery(db, customerId, after, query.ParsedTypes, limit).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(TimelineEntry.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new TimelineCursor(page[^1].OccurredAt, page[^1].Id)) : null;
        return TypedResults.Ok(new Page<TimelineEntry>(page, next));
    }

    /// <summary>The page's one query (one row more than the page, to know whether another follows). Tests EXPLAIN it.</summary>
    internal static IQueryable<CustomerEvent> PageQuery(TenantDbContext db, Guid customerId, TimelineCursor? after, IReadOnlyList<string> types, int limit)
    {
        var events = db.CustomerEvents.AsNoTracking().Where(e => e.CustomerId == customerId);
        if (after is not null)
        {
            // "<=" first so that the index range starts at the cursor; the OR only breaks ties between equal times.
            events = events.Where(e => e.OccurredAt <= after.OccurredAt && (e.OccurredAt < after.OccurredAt || e.Id.CompareTo(after.Id) < 0));
        }

        if (types.Count > 0)
        {
            events = events.Where(e => types.Contains(e.Type));
        }

        return events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit + 1);
    }
}
