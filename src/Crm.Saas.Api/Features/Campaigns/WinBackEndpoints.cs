using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Lifecycle;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Campaigns;

/// <summary><c>/v1/campaigns/win-back</c>: the policy, its runs, and a dry run.</summary>
internal static class WinBackEndpoints
{
    public static async Task<IResult> GetSettings(HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await WinBackSettingsQueries.CurrentAsync(db, cancellationToken);
        return ETags.IsNotModified(request, settings.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(await WinBackSettingsResponse.FromAsync(db, settings, cancellationToken), settings.Version);
    }

    public static async Task<IResult> PutSettings(
        WinBackSettingsFields body, HttpRequest request, TenantDbContext db, IValidator<WinBackSettingsFields> validator, ITenantContextAccessor tenants,
        IEntitlements entitlements, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = await db.Set<WinBackSettings>().FirstOrDefaultAsync(s => s.Id == WinBackSettings.SingletonId, cancellationToken);
        var settings = stored ?? new WinBackSettings();
        if (request.Headers.IfMatch.Count > 0 && ETags.CheckIfMatch(request, settings.Version) is { } refused)
        {
            return refused;
        }

        if (await validator.RefuseInvalidAsync(body, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (body.Enabled == true
            && await entitlements.RefuseWithoutFeatureAsync(tenants.Required.Id, PlanFeatures.WinBack, cancellationToken) is { } notInPlan)
        {
            return notInPlan;
        }

        settings.Enabled = body.Enabled!.Value;
        settings.LapseDays = body.LapseDays;
        settings.CooldownDays = body.CooldownDays ?? 60;
        settings.MinLifetimeSpend = body.MinLifetimeSpend;
        settings.Segments = (body.Segments ?? []).Distinct().ToList();
        settings.MaxPerRun = body.MaxPerRun ?? 500;
        settings.OfferCode = string.IsNullOrWhiteSpace(body.OfferCode) ? null : body.OfferCode.Trim();
        settings.OfferPoints = body.OfferPoints;
        settings.ConversionWindowDays = body.ConversionWindowDays ?? 30;
        settings.UpdatedAt = StoredTime.Now(clock);
        settings.Version++;
        if (stored is null)
        {
            db.Set<WinBackSettings>().Add(settings);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            return ETags.Stale();
        }

        return ResourceResults.Ok(await WinBackSettingsResponse.FromAsync(db, settings, cancellationToken), settings.Version);
    }

    public static async Task<IResult> ListRuns(int? limit, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100)
        {
            return ApiProblems.Validation("limit", "Must be between 1 and 100.");
        }

        var runs = await db.Set<WinBackRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Take(limit ?? 20).ToListAsync(cancellationToken);
        var ids = runs.Select(r => (Guid?)r.Id).ToList();
        var counts = await db.Set<Mail>().Where(m => ids.Contains(m.CampaignRunId))
            .GroupBy(m => new { m.CampaignRunId, m.Status, Converted = m.ConvertedAt != null })
            .Select(g => new { g.Key.CampaignRunId, g.Key.Status, g.Key.Converted, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var data = runs.Select(r =>
        {
            var mine = counts.Where(c => c.CampaignRunId == r.Id).ToList();
            int Count(MailStatus status) => mine.Where(c => c.Status == status).Sum(c => c.Count);
            return new WinBackRunResponse(r.Id, r.StartedAt, r.Selected, Count(MailStatus.Queued) + Count(MailStatus.Sending),
                Count(MailStatus.Sent), Count(MailStatus.Suppressed), Count(MailStatus.Failed), mine.Where(c => c.Converted).Sum(c => c.Count));
        }).ToList();
        return TypedResults.Ok(new WinBackRunsResponse(data));
    }

    public static async Task<IResult> Preview(TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await WinBackSettingsQueries.CurrentAsync(db, cancellationToken);
        var selected = await WinBackSelection.SelectAsync(db, settings, StoredTime.Now(clock), cancellationToken);
        return TypedResults.Ok(new WinBackPreviewResponse(settings.Enabled, selected.Count,
            selected.Select(c => new WinBackPreviewCustomer(c.Id, c.Name, c.Email, c.LastPurchaseAt, c.LifetimeSpend, c.Segment)).ToList()));
    }
}

/// <summary>The whole policy (PUT replaces it); left-out numbers take their defaults.</summary>
public sealed record WinBackSettingsFields
{
    public bool? Enabled { get; init; }

    /// <summary>Null: follow the lifecycle settings' lapseDays.</summary>
    public int? LapseDays { get; init; }

    /// <example>60</example>
    public int? CooldownDays { get; init; }

    /// <summary>Minor units, net of refunds.</summary>
    public long? MinLifetimeSpend { get; init; }

    public List<RfmSegment>? Segments { get; init; }

    /// <example>500</example>
    public int? MaxPerRun { get; init; }

    /// <example>COMEBACK10</example>
    public string? OfferCode { get; init; }

    public long? OfferPoints { get; init; }

    /// <example>30</example>
    public int? ConversionWindowDays { get; init; }
}

internal sealed class WinBackSettingsValidator : AbstractValidator<WinBackSettingsFields>
{
    public WinBackSettingsValidator()
    {
        RuleFor(s => s.Enabled).NotNull();
        RuleFor(s => s.LapseDays).InclusiveBetween(7, 3650);
        RuleFor(s => s.CooldownDays).InclusiveBetween(1, 3650);
        RuleFor(s => s.MinLifetimeSpend).InclusiveBetween(0, 1_000_000_000_000);
        RuleFor(s => s.Segments).Must(s => s is null || s.Count <= 8).WithMessage("At most 8 segments.");
        RuleFor(s => s.MaxPerRun).InclusiveBetween(1, 10_000);
        RuleFor(s => s.OfferCode).MaximumLength(64).Matches("^[A-Za-z0-9_-]*$").WithMessage("Letters, digits, '-' and '_' only.");
        RuleFor(s => s.OfferPoints).InclusiveBetween(0, 1_000_000);
        RuleFor(s => s.ConversionWindowDays).InclusiveBetween(1, 365);
    }
}

public sealed record WinBackSettingsResponse(
    bool Enabled, int? LapseDays, int EffectiveLapseDays, int CooldownDays, long? MinLifetimeSpend, IReadOnlyList<RfmSegment> Segments,
    int MaxPerRun, string? OfferCode, long? OfferPoints, int ConversionWindowDays, DateTime? UpdatedAt)
{
    public static async Task<WinBackSettingsResponse> FromAsync(TenantDbContext db, WinBackSettings s, CancellationToken cancellationToken) => new(
        s.Enabled, s.LapseDays, s.LapseDays ?? (await LifecycleSettingsQueries.CurrentAsync(db, cancellationToken)).LapseDays, s.CooldownDays,
        s.MinLifetimeSpend, s.Segments, s.MaxPerRun, s.OfferCode, s.OfferPoints, s.ConversionWindowDays, s.Version == 1 ? null : s.UpdatedAt);
}

/// <summary>A run and what became of its mails so far: selected, queued (still waiting), sent, suppressed, failed, converted.</summary>
public sealed record WinBackRunResponse(Guid Id, DateTime StartedAt, int Selected, int Queued, int Sent, int Suppressed, int Failed, int Converted);

public sealed record WinBackRunsResponse(IReadOnlyList<WinBackRunResponse> Data);

public sealed record WinBackPreviewCustomer(Guid Id, string Name, string Email, DateTime LastPurchaseAt, long LifetimeSpend, RfmSegment? Segment);

/// <summary>Who the campaign would mail if it ran now (whether or not it is enabled).</summary>
public sealed record WinBackPreviewResponse(bool Enabled, int Count, IReadOnlyList<WinBackPreviewCustomer> Customers);
