using System.Globalization;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Json;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;
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
    public static async Task<Results<Ok<Page<PurchaseResponse>>, ProblemHttpResult>> ForCustomer(
        Guid customerId, [AsParameters] PurchaseListQuery query, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (await CustomerQueries.ReadLiveById(db, customerId, cancellationToken) is null)
        {
            return CustomerQueries.NotFound();
        }

        return TypedResults.Ok(await ListAsync(db.Purchases.Where(p => p.CustomerId == customerId), query, cancellationToken));
    }

    public static async Task<Ok<Page<PurchaseResponse>>> ForTenant(
        [AsParameters] PurchaseListQuery query, TenantDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ListAsync(db.Purchases, query, cancellationToken));

    private static async Task<Page<PurchaseResponse>> ListAsync(IQueryable<Purchase> purchases, PurchaseListQuery query, CancellationToken cancellationToken)
    {
        purchases = purchases.AsNoTracking();
        if (QueryTime.Parse(query.From) is { } from)
        {
            purchases = purchases.Where(p => p.OccurredAt >= from);
        }

        if (QueryTime.Parse(query.To) is { } to)
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
        return new Page<PurchaseResponse>(page, next);
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

    internal static readonly IReadOnlyDictionary<string, PurchaseChannel> ChannelWords = EnumWords<PurchaseChannel>.Lookup;
}

internal sealed class PurchaseListQueryValidator : AbstractValidator<PurchaseListQuery>
{
    public PurchaseListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<PurchaseListQuery, PurchaseCursor>();
        RuleFor(q => q.From).Must(f => QueryTime.Parse(f) is not null).When(q => q.From is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-01-31T09:00:00Z.");
        RuleFor(q => q.To).Must(t => QueryTime.Parse(t) is not null).When(q => q.To is not null)
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
