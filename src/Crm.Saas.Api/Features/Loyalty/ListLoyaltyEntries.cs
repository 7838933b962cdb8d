using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>A customer's ledger, newest first by (occurredAt, id): the answer to "why is my balance this?".</summary>
internal static class ListLoyaltyEntries
{
    public static async Task<Results<Ok<Page<LoyaltyEntryResponse>>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid customerId, [AsParameters] LoyaltyEntryListQuery query, IValidator<LoyaltyEntryListQuery> validator, TenantDbContext db,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        if (!await db.Customers.AnyAsync(c => c.Id == customerId && c.DeletedAt == null, cancellationToken))
        {
            return CustomerQueries.NotFound();
        }

        var entries = db.Set<LoyaltyEntry>().AsNoTracking().Where(e => e.CustomerId == customerId);
        Cursor.TryDecode<LoyaltyEntryCursor>(query.Cursor, out var after);
        if (after is not null)
        {
            entries = entries.Where(e => e.OccurredAt < after.OccurredAt || (e.OccurredAt == after.OccurredAt && e.Id.CompareTo(after.Id) < 0));
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(LoyaltyEntryResponse.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new LoyaltyEntryCursor(page[^1].OccurredAt, page[^1].Id)) : null;
        return TypedResults.Ok(new Page<LoyaltyEntryResponse>(page, next));
    }
}

internal sealed record LoyaltyEntryCursor(DateTime OccurredAt, Guid Id);

public sealed record LoyaltyEntryListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor);

internal sealed class LoyaltyEntryListQueryValidator : AbstractValidator<LoyaltyEntryListQuery>
{
    public LoyaltyEntryListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<LoyaltyEntryListQuery, LoyaltyEntryCursor>();
    }
}

/// <summary>
/// One ledger line with where it came from: <c>purchase</c> (earn, first-purchase bonus), <c>refund</c> (reverse),
/// <c>complaint</c> (goodwill), <c>user</c> or <c>api_key</c> (redeem, adjust, award), <c>system</c> (expiry, birthday).
/// </summary>
public sealed record LoyaltyEntryResponse(
    Guid Id, EntryKind Kind, long Points, long BalanceAfter, long ShortfallAfter, DateTime OccurredAt, DateTime? ExpiresAt,
    string? Reason, string? Reference, Guid? ReversesEntryId, EntrySource Source)
{
    public static LoyaltyEntryResponse From(LoyaltyEntry e) =>
        new(e.Id, e.Kind, e.Points, e.BalanceAfter, e.ShortfallAfter, e.OccurredAt, e.ExpiresAt, e.Reason, e.Reference, e.ReversesEntryId, EntrySource.Of(e));
}

public sealed record EntrySource(string Type, Guid? Id)
{
    public static EntrySource Of(LoyaltyEntry e) => e switch
    {
        { RefundId: { } refund } => new("refund", refund),
        { ComplaintId: { } complaint } => new("complaint", complaint),
        { PurchaseId: { } purchase } => new("purchase", purchase),
        { ActorType: { } type } => new(type, e.ActorId),
        _ => new("system", null),
    };
}
