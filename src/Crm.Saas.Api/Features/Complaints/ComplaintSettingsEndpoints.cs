using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// <c>GET/PUT /v1/settings/complaints</c>: the whole document is read and replaced at once, with If-Match on its
/// version. The defaults are version 1 and not stored; the first change stores the row. New due times follow the new
/// rules; complaints already taken in keep theirs.
/// </summary>
internal static class ComplaintSettingsEndpoints
{
    public static async Task<IResult> Get(HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await ComplaintSettingsQueries.CurrentAsync(db, cancellationToken);
        return ETags.IsNotModified(request, settings.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(settings.Read(), settings.Version);
    }

    public static async Task<IResult> Put(
        ComplaintSettingsDocument document, HttpRequest request, TenantDbContext db, IValidator<ComplaintSettingsDocument> validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var stored = await db.Set<ComplaintSettings>().FirstOrDefaultAsync(s => s.Id == ComplaintSettings.SingletonId, cancellationToken);
        var settings = stored ?? new ComplaintSettings();
        if (ETags.CheckIfMatch(request, settings.Version) is { } refused)
        {
            return refused;
        }

        if (await validator.RefuseInvalidAsync(document, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var normalized = document with
        {
            BusinessHours = document.BusinessHours! with
            {
                Days = [.. document.BusinessHours.Days!.Order()],
                Holidays = [.. (document.BusinessHours.Holidays ?? []).Distinct().Order()],
            },
        };
        settings.Write(normalized);
        settings.UpdatedAt = StoredTime.Now(clock);
        settings.Version++;
        if (stored is null)
        {
            db.Set<ComplaintSettings>().Add(settings);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            return ETags.Stale(); // another admin changed it after we read it, or stored the first change at the same moment
        }

        return ResourceResults.Ok(normalized, settings.Version);
    }
}
