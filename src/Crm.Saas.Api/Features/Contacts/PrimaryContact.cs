using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>One primary contact per customer: promoting one demotes the other, in the caller's transaction.</summary>
internal static class PrimaryContact
{
    /// <summary>
    /// Runs before the promoted contact is saved, because the unique index <c>ix_contacts_one_primary</c> is checked
    /// row by row. The demoted contact's version moves, so a client holding its old ETag cannot overwrite the change.
    /// </summary>
    public static Task<int> DemoteOthersAsync(TenantDbContext db, Guid customerId, Guid promoted, DateTime now, CancellationToken cancellationToken) =>
        db.Contacts
            .Where(c => c.CustomerId == customerId && c.IsPrimary && c.DeletedAt == null && c.Id != promoted)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.IsPrimary, false)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
}
