using System.Globalization;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Complaints received in [from, to): counts by status, category, severity and channel; medians of business
/// minutes to first response and to resolution (waiting on the customer excluded); SLA breach rate (share with any
/// breach); reopen rate (share of once-resolved complaints reopened); CSAT average and response rate (answers per
/// survey issued). Computed over the period's rows in memory: a period of an SME's complaints is small.
/// </summary>
internal static class ComplaintStats
{
    public static async Task<IResult> Handle(
        [AsParameters] ComplaintStatsQuery query, IValidator<ComplaintStatsQuery> validator, TenantDbContext db, ComplaintViews views,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        var now = views.Now;
        var to = ComplaintStatsQuery.Time(query.To) ?? now;
        var from = ComplaintStatsQuery.Time(query.From) ?? to.AddDays(-30);
        var rows = await db.Set<Complaint>().AsNoTracking()
            .Where(c => c.DeletedAt == null && c.CreatedAt >= from && c.CreatedAt < to)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Compute(rows, from, to, now));
    }

    public static ComplaintStatsResponse Compute(IReadOnlyList<Complaint> rows, DateTime from, DateTime to, DateTime now)
    {
        var resolvedOnce = rows.Count(c => c.FirstResolvedAt is not null);
        var surveys = rows.Count(c => c.SurveyNonce is not null || c.SurveyAnsweredAt is not null);
        var answered = rows.Where(c => c.CsatScore is not null).ToList();
        return new ComplaintStatsResponse(
            from, to, rows.Count,
            Counts(rows, c => CreateComplaint.Word(c.Status), Enum.GetValues<ComplaintStatus>().Select(CreateComplaint.Word)),
            Counts(rows, c => CreateComplaint.Word(c.Category), Enum.GetValues<ComplaintCategory>().Select(CreateComplaint.Word)),
            Counts(rows, c => c.Severity.ToString(CultureInfo.InvariantCulture), ["1", "2", "3", "4"]),
            Counts(rows, c => CreateComplaint.Word(c.Channel), Enum.GetValues<ComplaintChannel>().Select(CreateComplaint.Word)),
            Median(rows.Select(c => c.FirstResponseBusinessMinutes)),
            Median(rows.Select(c => c.ResolutionBusinessMinutes)),
            Rate(rows.Count(c => SlaClock.FirstResponseBreached(c, now) || SlaClock.ResolutionBreached(c, now)), rows.Count),
            Rate(rows.Count(c => c.ReopenCount > 0), resolvedOnce),
            answered.Count == 0 ? null : Math.Round(answered.Average(c => c.CsatScore!.Value), 2),
            answered.Count,
            surveys,
            Rate(answered.Count, surveys));
    }

    private static Dictionary<string, int> Counts(IEnumerable<Complaint> rows, Func<Complaint, string> key, IEnumerable<string> all)
    {
        var counts = all.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            counts[key(row)]++;
        }

        return counts;
    }

    internal static double? Median(IEnumerable<int?> values)
    {
        var sorted = values.OfType<int>().Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>The statistics of complaints received in [from, to). Rates are 0–1; absent when there is nothing to divide by.</summary>
public sealed record ComplaintStatsResponse(
    DateTime From,
    DateTime To,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByChannel,
    double? MedianFirstResponseBusinessMinutes,
    double? MedianResolutionBusinessMinutes,
    double? BreachRate,
    double? ReopenRate,
    double? CsatAverage,
    int CsatResponses,
    int SurveysIssued,
    double? CsatResponseRate);

public sealed record ComplaintStatsQuery(
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To)
{
    internal static DateTime? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;
}

internal sealed class ComplaintStatsQueryValidator : AbstractValidator<ComplaintStatsQuery>
{
    public ComplaintStatsQueryValidator()
    {
        RuleFor(q => q.From).Must(f => ComplaintStatsQuery.Time(f) is not null).When(q => q.From is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-01-01T00:00:00Z.");
        RuleFor(q => q.To).Must(t => ComplaintStatsQuery.Time(t) is not null).When(q => q.To is not null)
            .WithMessage("Must be an ISO 8601 date-time, such as 2026-02-01T00:00:00Z.")
            .Must((q, t) => ComplaintStatsQuery.Time(q.From) is not { } from || ComplaintStatsQuery.Time(t) is not { } to || to > from)
            .WithMessage("Must be after from.");
    }
}
