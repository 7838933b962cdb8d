using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>
/// Replaces the programme (admins). If-Match is optional here: a PUT sends every field, but a client that read the
/// ETag can still guard against overwriting another admin's change. The rules apply to what is earned from now on.
/// </summary>
internal static class UpdateLoyaltyProgram
{
    public static async Task<IResult> Handle(
        LoyaltyProgramFields fields, HttpRequest request, TenantDbContext db, IValidator<LoyaltyProgramFields> validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var stored = await db.Set<LoyaltyProgram>().FirstOrDefaultAsync(p => p.Id == LoyaltyProgram.SingletonId, cancellationToken);
        var program = stored ?? new LoyaltyProgram();
        if (request.Headers.IfMatch.Count > 0 && ETags.CheckIfMatch(request, program.Version) is { } refused)
        {
            return refused;
        }

        if (await validator.RefuseInvalidAsync(fields, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        fields.ApplyTo(program);
        program.UpdatedAt = StoredTime.Now(clock);
        program.Version++;
        if (stored is null)
        {
            db.Add(program);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            return ETags.Stale(); // another admin changed it after we read it, or stored the first settings at the same moment
        }

        return ResourceResults.Ok(LoyaltyProgramResponse.From(program), program.Version);
    }
}
