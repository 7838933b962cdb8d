using System.Globalization;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Audit;

/// <summary>The audit log, newest first, filtered by actor, entity and time, cursor-paginated.</summary>
internal static class ListAuditEvents
{
    public static async Task<IResult> Handle(
        [AsParameters] AuditQuery query, IValidator<AuditQuery> validator, TenantDbContext db, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        var events = db.AuditEvents.AsNoTracking();
        if (query.ActorId is not null)
        {
            var actor = Guid.Parse(query.ActorId);
            events = events.Where(e => e.ActorId == actor);
        }

        if (query.EntityType is not null)
        {
            events = events.Where(e => e.EntityType == query.EntityType);
        }

        if (query.EntityId is not null)
        {
            events = events.Where(e => e.EntityId == query.EntityId);
        }

        if (AuditQuery.Time(query.From) is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (AuditQuery.Time(query.To) is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        if (Cursor.TryDecode<Guid?>(query.Cursor, out var after) && after is { } before)
        {
            events = events.Where(e => e.Id.CompareTo(before) < 0);
        }

        var limit = PageRules.ParseLimit(query.Limit);
        var rows = await events.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        return TypedResults.Ok(new Page<AuditEvent>(page, rows.Count > limit ? Cursor.Encode<Guid?>(page[^1].Id) : null));
    }
}

public sealed record AuditQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "actorId")] string? ActorId,
    [property: FromQuery(Name = "entityType")] string? EntityType,
    [property: FromQuery(Name = "entityId")] string? EntityId,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To)
{
    internal static DateTime? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;
}

internal sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<AuditQuery, Guid?>();
        RuleFor(q => q.ActorId).Must(a => Guid.TryParse(a, out _)).When(q => q.ActorId is not null).WithMessage("Must be a user or API key id.");
        RuleFor(q => q.EntityType).MaximumLength(50);
        RuleFor(q => q.EntityId).MaximumLength(100);
        RuleFor(q => q.From).Must(f => AuditQuery.Time(f) is not null).When(q => q.From is not null).WithMessage("Must be an ISO 8601 date-time.");
        RuleFor(q => q.To).Must(t => AuditQuery.Time(t) is not null).When(q => q.To is not null).WithMessage("Must be an ISO 8601 date-time.");
    }
}
