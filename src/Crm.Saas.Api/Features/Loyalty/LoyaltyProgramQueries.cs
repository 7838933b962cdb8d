using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Loyalty;

internal static class LoyaltyProgramQueries
{
    /// <summary>The stored row, or the defaults (version 1, not stored, programme off) until an admin first sets it.</summary>
    public static async Task<LoyaltyProgram> CurrentAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        await db.Set<LoyaltyProgram>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == LoyaltyProgram.SingletonId, cancellationToken)
        ?? new LoyaltyProgram();
}
