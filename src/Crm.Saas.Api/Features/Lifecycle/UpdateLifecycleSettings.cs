using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>
/// Merge patch on the tenant's lifecycle settings, with If-Match on their version. The defaults are version 1 and
/// not stored; the first change stores the row. Stages follow the new thresholds at the next purchase or nightly run.
/// </summary>
internal static class UpdateLifecycleSettings
{
    public static async Task<IResult> Handle(
        HttpRequest request, TenantDbContext db, IValidator<LifecycleSettingsFields> validator, TimeProvider clock,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stored = await db.LifecycleSettings.FirstOrDefaultAsync(s => s.Id == LifecycleSettings.SingletonId, cancellationToken);
        var settings = stored ?? new LifecycleSettings();
        if (ETags.CheckIfMatch(request, settings.Version) is { } refused)
        {
            return refused;
        }

        var merged = await MergePatch.ReadApplyAndValidateAsync(request, LifecycleSettingsFields.From(settings), json.Value.SerializerOptions, validator, cancellationToken);
        if (merged.Problem is not null)
        {
            return merged.Problem;
        }

        var fields = merged.Value!;

        settings.LapseDays = fields.LapseDays!.Value;
        settings.LoyalMinPurchases = fields.LoyalMinPurchases!.Value;
        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        settings.Version++;
        if (stored is null)
        {
            db.LifecycleSettings.Add(settings);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale(); // another admin changed them after our If-Match check
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return ETags.Stale(); // another admin stored the first change at the same moment
        }

        return ResourceResults.Ok(LifecycleSettingsResponse.From(settings), settings.Version);
    }
}
