using System.Globalization;
using System.Linq.Expressions;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Complaints by resolution due time, soonest first, then id: a total order, so pages never repeat or skip.
/// Filters combine with AND; <c>breached</c> uses the same rule as the complaint's own breach flags.
/// </summary>
internal static class ListComplaints
{
    public static async Task<IResult> Handle(
        [AsParameters] ComplaintListQuery query, IValidator<ComplaintListQuery> validator, TenantDbContext db, ComplaintViews views,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        var now = views.Now;
        var complaints = db.Set<Complaint>().AsNoTracking().Where(c => c.DeletedAt == null);
        if (query.Status is not null)
        {
            var status = ComplaintListQuery.Statuses[query.Status];
            complaints = complaints.Where(c => c.Status == status);
        }

        if (query.Severity is not null)
        {
            var severity = int.Parse(query.Severity, CultureInfo.InvariantCulture);
            complaints = complaints.Where(c => c.Severity == severity);
        }

        if (query.Category is not null)
        {
            var category = ComplaintListQuery.Categories[query.Category];
            complaints = complaints.Where(c => c.Category == category);
        }

        if (query.AssigneeUserId is not null)
        {
            var assignee = Guid.Parse(query.AssigneeUserId);
            complaints = complaints.Where(c => c.AssigneeUserId == assignee);
        }

        if (query.CustomerId is not null)
        {
            var customer = Guid.Parse(query.CustomerId);
            complaints = complaints.Where(c => c.CustomerId == customer);
        }

        if (query.OpenOnly == "true")
        {
            complaints = complaints.Where(c => c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed);
        }

        if (query.Breached is { } breached)
        {
            complaints = complaints.Where(breached == "true" ? Breached(now) : Not(Breached(now)));
        }

        if (Cursor.TryDecode<ComplaintCursor>(query.Cursor, out var after) && after is not null)
        {
            complaints = complaints.Where(c => c.ResolutionDueAt > after.DueAt || (c.ResolutionDueAt == after.DueAt && c.Id.CompareTo(after.Id) > 0));
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await complaints.OrderBy(c => c.ResolutionDueAt).ThenBy(c => c.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var rules = await views.RulesAsync(cancellationToken);
        var page = rows.Take(limit).Select(c => views.Show(c, rules)).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new ComplaintCursor(page[^1].Sla.ResolutionDueAt, page[^1].Id)) : null;
        return TypedResults.Ok(new Page<ComplaintResponse>(page, next));
    }

    /// <summary><see cref="SlaClock.FirstResponseBreached"/> or <see cref="SlaClock.ResolutionBreached"/>, in SQL.</summary>
    internal static Expression<Func<Complaint, bool>> Breached(DateTime now) => c =>
        c.FirstResponseBreachedAt != null || c.ResolutionBreachedAt != null
        || (c.AcknowledgedAt != null && c.AcknowledgedAt > c.FirstResponseDueAt)
        || (c.AcknowledgedAt == null && c.Status == ComplaintStatus.Open && c.FirstResponseDueAt < now)
        || (c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed
            && ((c.PausedSince == null && c.ResolutionDueAt < now) || (c.PausedSince != null && c.PausedSince > c.ResolutionDueAt)))
        || (c.ResolvedAt != null && c.ResolvedAt > c.ResolutionDueAt);

    private static Expression<Func<Complaint, bool>> Not(Expression<Func<Complaint, bool>> rule) =>
        Expression.Lambda<Func<Complaint, bool>>(Expression.Not(rule.Body), rule.Parameters);
}

/// <summary>Where the previous page ended.</summary>
internal sealed record ComplaintCursor(DateTime DueAt, Guid Id);

/// <summary>The list's query string, taken as text so that every bad value is a per-field 400.</summary>
public sealed record ComplaintListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "severity")] string? Severity,
    [property: FromQuery(Name = "category")] string? Category,
    [property: FromQuery(Name = "assigneeUserId")] string? AssigneeUserId,
    [property: FromQuery(Name = "customerId")] string? CustomerId,
    [property: FromQuery(Name = "breached")] string? Breached,
    [property: FromQuery(Name = "openOnly")] string? OpenOnly)
{
    internal static readonly Dictionary<string, ComplaintStatus> Statuses =
        Enum.GetValues<ComplaintStatus>().ToDictionary(SnakeCaseEnumConverter<ComplaintStatus>.ToWord, s => s, StringComparer.Ordinal);

    internal static readonly Dictionary<string, ComplaintCategory> Categories =
        Enum.GetValues<ComplaintCategory>().ToDictionary(SnakeCaseEnumConverter<ComplaintCategory>.ToWord, s => s, StringComparer.Ordinal);
}

internal sealed class ComplaintListQueryValidator : AbstractValidator<ComplaintListQuery>
{
    public ComplaintListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<ComplaintListQuery, ComplaintCursor>();
        RuleFor(q => q.Status).Must(s => s is null || ComplaintListQuery.Statuses.ContainsKey(s))
            .WithMessage($"Must be one of: {string.Join(", ", ComplaintListQuery.Statuses.Keys)}.");
        RuleFor(q => q.Severity).Must(s => s is null || s is "1" or "2" or "3" or "4").WithMessage("Must be 1, 2, 3 or 4.");
        RuleFor(q => q.Category).Must(c => c is null || ComplaintListQuery.Categories.ContainsKey(c))
            .WithMessage($"Must be one of: {string.Join(", ", ComplaintListQuery.Categories.Keys)}.");
        RuleFor(q => q.AssigneeUserId).Must(g => g is null || Guid.TryParse(g, out _)).WithMessage("Must be a user id (UUID).");
        RuleFor(q => q.CustomerId).Must(g => g is null || Guid.TryParse(g, out _)).WithMessage("Must be a customer id (UUID).");
        RuleFor(q => q.Breached).Must(b => b is null or "true" or "false").WithMessage("Must be true or false.");
        RuleFor(q => q.OpenOnly).Must(b => b is null or "true" or "false").WithMessage("Must be true or false.");
    }
}
