using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>A customer's live contacts in id order (UUIDv7, so the order they were added): stable across pages.</summary>
internal static class ListContacts
{
    public static async Task<IResult> Handle(
        Guid customerId, [AsParameters] ContactListQuery query, IValidator<ContactListQuery> validator, TenantDbContext db,
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

        var contacts = db.Contacts.AsNoTracking().Where(c => c.CustomerId == customerId && c.DeletedAt == null);
        if (Cursor.TryDecode<Guid?>(query.Cursor, out var after) && after is { } last)
        {
            contacts = contacts.Where(c => c.Id.CompareTo(last) > 0);
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await contacts.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(ContactResponse.From).ToList();
        return TypedResults.Ok(new Page<ContactResponse>(page, rows.Count > limit ? Cursor.Encode<Guid?>(page[^1].Id) : null));
    }
}

public sealed record ContactListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor);

internal sealed class ContactListQueryValidator : AbstractValidator<ContactListQuery>
{
    public ContactListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<ContactListQuery, Guid?>();
    }
}
