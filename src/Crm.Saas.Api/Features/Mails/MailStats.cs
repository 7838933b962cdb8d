using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary><c>GET /v1/mails/stats?from&amp;to</c>: mails queued in the window, by kind and what became of them.</summary>
internal static class MailStats
{
    public static async Task<IResult> Handle(DateTime? from, DateTime? to, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var end = (to ?? clock.GetUtcNow().UtcDateTime.AddSeconds(1)).ToUniversalTime();
        var start = (from ?? end.AddDays(-30)).ToUniversalTime();
        if (start >= end)
        {
            return Infrastructure.Problems.ApiProblems.Validation("from", "Must be before 'to'.");
        }

        var mails = db.Set<Mail>().Where(m => m.CreatedAt >= start && m.CreatedAt < end);
        var byStatus = await mails.GroupBy(m => new { m.Kind, m.Status }).Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var converted = await mails.Where(m => m.ConvertedAt != null).GroupBy(m => m.Kind).Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var kinds = Enum.GetValues<MailKind>().Select(kind =>
        {
            int Count(MailStatus status) => byStatus.Where(s => s.Kind == kind && s.Status == status).Sum(s => s.Count);
            return new MailKindStats(kind, byStatus.Where(s => s.Kind == kind).Sum(s => s.Count),
                Count(MailStatus.Queued) + Count(MailStatus.Sending), Count(MailStatus.Sent), Count(MailStatus.Suppressed), Count(MailStatus.Failed),
                converted.Where(c => c.Kind == kind).Sum(c => c.Count));
        }).ToList();
        return TypedResults.Ok(new MailStatsResponse(start, end, kinds));
    }
}

/// <summary>Mails created in [from, to): <c>total</c>, and how many are still waiting (<c>queued</c>), sent, suppressed, failed, converted.</summary>
public sealed record MailStatsResponse(DateTime From, DateTime To, IReadOnlyList<MailKindStats> Kinds);

public sealed record MailKindStats(MailKind Kind, int Total, int Queued, int Sent, int Suppressed, int Failed, int Converted);
