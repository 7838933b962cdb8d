using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary>
/// Who gets a win-back mail now, in one set-based query: live customers with an email and email consent (so not
/// unsubscribed), no open complaint, lapsed (no purchase for the lapse window), matching the value rule (minimum
/// spend, RFM segments), with no win-back mail within the cool-down nor since their last purchase (one per lapse).
/// Most valuable first, at most <see cref="WinBackSettings.MaxPerRun"/>.
/// </summary>
internal static class WinBackSelection
{
    public sealed record Candidate(Guid Id, string Name, string Email, DateTime LastPurchaseAt, long LifetimeSpend, RfmSegment? Segment);

    public static async Task<List<Candidate>> SelectAsync(TenantDbContext db, WinBackSettings settings, DateTime now, CancellationToken cancellationToken)
    {
        var lapseDays = settings.LapseDays ?? (await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken)).LapseDays;
        var lapsedBefore = now.AddDays(-lapseDays);
        var cooldownStart = now.AddDays(-settings.CooldownDays);
        var minSpend = settings.MinLifetimeSpend;
        var segments = settings.Segments.Cast<RfmSegment?>().ToList();
        var anySegment = segments.Count == 0;
        var winBacks = db.Set<Mail>().Where(m => m.Kind == MailKind.WinBack);

        return await db.Customers
            .Where(c => c.DeletedAt == null && c.Email != null && c.ConsentEmail && c.OpenComplaints == 0
                && c.LastPurchaseAt != null && c.LastPurchaseAt <= lapsedBefore
                && (minSpend == null || c.LifetimeSpend >= minSpend)
                && (anySegment || segments.Contains(c.Segment))
                && !winBacks.Any(m => m.CustomerId == c.Id && (m.CreatedAt > cooldownStart || m.CreatedAt > c.LastPurchaseAt)))
            .OrderByDescending(c => c.LifetimeSpend).ThenBy(c => c.Id)
            .Take(settings.MaxPerRun)
            .Select(c => new Candidate(c.Id, c.Name, c.Email!, c.LastPurchaseAt!.Value, c.LifetimeSpend, c.Segment))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One mail per customer per lapse: the lapse is named by the last purchase before it.</summary>
    public static string DedupeKey(Candidate candidate) => $"win_back:{candidate.Id}:{candidate.LastPurchaseAt.Ticks}";
}
