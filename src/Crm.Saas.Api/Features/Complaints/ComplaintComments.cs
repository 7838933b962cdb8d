using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>The complaint's thread: add a comment; list them in the order they were written.</summary>
internal static class ComplaintComments
{
    public static async Task<IResult> Add(
        Guid id, CommentRequest request, HttpContext http, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.LiveAsync(db, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintQueries.NotFound();
        }

        var actor = http.User.Actor();
        var comment = new ComplaintComment
        {
            Id = Guid.CreateVersion7(),
            ComplaintId = id,
            Body = request.Body!.Trim(),
            Visibility = request.Visibility!.Value,
            AuthorType = actor?.Type,
            AuthorId = actor?.Id,
            CreatedAt = StoredTime.Now(clock),
        };
        db.Set<ComplaintComment>().Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/complaints/{id}/comments", CommentResponse.From(comment));
    }

    public static async Task<IResult> List(
        Guid id, [AsParameters] CommentListQuery query, IValidator<CommentListQuery> validator, TenantDbContext db, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        if (!await db.Set<Complaint>().AnyAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken))
        {
            return ComplaintQueries.NotFound();
        }

        var comments = db.Set<ComplaintComment>().AsNoTracking().Where(c => c.ComplaintId == id);
        if (Cursor.TryDecode<Guid?>(query.Cursor, out var after) && after is { } last)
        {
            comments = comments.Where(c => c.Id.CompareTo(last) > 0);
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await comments.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(CommentResponse.From).ToList();
        return TypedResults.Ok(new Page<CommentResponse>(page, rows.Count > limit ? Cursor.Encode<Guid?>(page[^1].Id) : null));
    }
}

public sealed record CommentListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor);

internal sealed class CommentListQueryValidator : AbstractValidator<CommentListQuery>
{
    public CommentListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<CommentListQuery, Guid?>();
    }
}
