using System.Globalization;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// Purchases newest first, ordered by (occurredAt, id) descending: a total order, so pages never repeat or skip,
/// whether the list is one customer's or the whole tenant's.
/// </summary>
internal static class ListPurchases
{
    public static async Task<Results<Ok<Page<PurchaseResponse>>, ValidationProblem, ProblemHttpResult>> ForCustomer(
        Guid customerId, [AsParameters] PurchaseListQuery query, IValidator<PurchaseListQuery> validator, TenantDbContext db,
        CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId && c.DeletedAt == null, cancellationToken))
        {
            return CustomerQueries.NotFound();
        }

        return await ListAsync(db.Purchases.Where(p => p.CustomerId == customerId), query, validator, cancellationToken);
    }

    public static Task<Results<Ok<Page<PurchaseResponse>>, ValidationProblem, ProblemHttpResult>> ForTenant(
        [AsParameters] PurchaseListQuery query, IValidator<PurchaseListQuery> validator, TenantDbContext db, CancellationToken cancellationToken) =>
        ListAsync(db.Purchases, query, validator, cancellationToken);

    private static async Task<Results<Ok<Page<PurchaseResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        IQueryable<Purchase> purchases, PurchaseListQuery query, IValidator<PurchaseListQuery> validator, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        purchases = purchases.AsNoTracking();
        if (PurchaseListQuery.Time(query.From) is { } from)
        {
            purchases = purchases.Where(p => p.OccurredAt >= from);
        }

        if (PurchaseListQuery.Time(query.To) is { } to)
        {
            purchases = purchases.Where(p => p.OccurredAt < to);
        }

        if (query.ParsedChannel is { } channel)
        {
            purchases = purchases.Where(p => p.Channel == channel);
        }

        if (query.Currency is { } currency)
        {
            purchases = purchases.Where(p => p.Currency == currency);
        }

        if (query.ParsedMinAmount is { } minAmount)
        {
            purchases = purchases.Where(p => p.Amount >= minAmount);
        }

        Cursor.TryDecode<PurchaseCursor>(query.Cursor, out var after);
        if (after is not null)
        {
            purchases = purchases.Where(p => p.OccurredAt < after.OccurredAt || (p.OccurredAt == after.OccurredAt && p.Id.CompareTo(after.Id) < 0));
        }

        var limit = query.ParsedLimit;
        var rows = await purchases.OrderByDescending(p => p.OccurredAt).ThenByDescending(p => p.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(PurchaseResponse.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new PurchaseCursor(page[^1].OccurredAt, page[^1].Id)) : null;
        return TypedResults.Ok(new Page<PurchaseResponse>(page, next));
    }
}

/// <summary>Where the previous page ended.</summary>
internal sealed record PurchaseCursor(DateTime OccurredAt, Guid Id);

/// <summary>The list's query string, taken as text so that every bad value is a per-field 400.</summary>
public sealed record PurchaseListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "channel")] string? Channel,
    [property: FromQuery(Name = "currency")] string? Currency,
    [property: FromQuery(Name = "minAmount")] string? MinAmount)
{
    internal int ParsedLimit => PageRules.ParseLimit(Limit);

    internal PurchaseChannel? ParsedChannel => Channel is not null && ChannelWords.TryGetValue(Channel, out var channel) ? channel : null;

    internal long? ParsedMinAmount => long.TryParse(MinAmount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    internal static DateTime? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;

    internal static readonly Dictionary<string, PurchaseChannel> ChannelWords =
        Enum.GetValues<PurchaseChannel>().ToDictionary(SnakeCaseEnumConverter<PurchaseChannel>.ToWord, c => c, StringComparer.Ordinal);
}

internal sealed class PurchaseListQueryValidator : AbstractValidator<PurchaseListQuery>
{
    public PurchaseListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<PurchaseListQuery, PurchaseCursor>();
        RuleFor(q => q.From).Must(f => PurchaseListQuery.Time(f) is not null).When(q => q.From is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-01-31T09:00:00Z.");
        RuleFor(q => q.To).Must(t => PurchaseListQuery.Time(t) is not null).When(q => q.To is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-01-31T09:00:00Z.");
        RuleFor(q => q.Channel).Must(c => c is null || PurchaseListQuery.ChannelWords.ContainsKey(c))
            .WithMessage($"Must be one of: {string.Join(", ", PurchaseListQuery.ChannelWords.Keys)}.");
        RuleFor(q => q.Currency).Must(c => c is null || Currencies.IsKnown(c))
            .WithMessage("Must be an ISO 4217 currency code in upper case, such as EUR or USD.");
        RuleFor(q => q.MinAmount)
            .Must(m => long.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= PurchaseLimits.MaxAmount)
            .When(q => q.MinAmount is not null)
            .WithMessage($"Must be a whole number of minor units from 0 to {PurchaseLimits.MaxAmount}.");
    }
}
