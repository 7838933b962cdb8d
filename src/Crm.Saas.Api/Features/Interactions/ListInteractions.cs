using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Timeline;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Interactions;

/// <summary>A customer's interactions, newest first; keyset on (occurredAt, id) so pages never repeat or skip.</summary>
internal static class ListInteractions
{
    public static async Task<IResult> Handle(
        Guid customerId, [AsParameters] InteractionListQuery query, IValidator<InteractionListQuery> validator, TenantDbContext db,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        if (await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        var interactions = db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId);
        if (Cursor.TryDecode<TimelineCursor>(query.Cursor, out var after) && after is not null)
        {
            // "<=" first so the database can bound the index range; the OR then breaks ties on id.
            interactions = interactions.Where(i => i.OccurredAt <= after.OccurredAt
                && (i.OccurredAt < after.OccurredAt || i.Id.CompareTo(after.Id) < 0));
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await interactions.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(InteractionResponse.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new TimelineCursor(page[^1].OccurredAt, page[^1].Id)) : null;
        return TypedResults.Ok(new Page<InteractionResponse>(page, next));
    }
}

public sealed record InteractionListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor);

internal sealed class InteractionListQueryValidator : AbstractValidator<InteractionListQuery>
{
    public InteractionListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<InteractionListQuery, TimelineCursor>();
    }
}
