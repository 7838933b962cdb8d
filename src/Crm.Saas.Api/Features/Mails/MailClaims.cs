using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// Claims due mails for one worker in a single UPDATE: queued mails whose time has come, and <c>sending</c> mails
/// whose lease ran out (their worker died). On PostgreSQL <c>FOR UPDATE SKIP LOCKED</c> lets concurrent workers take
/// disjoint batches without waiting on each other, and the outer status check makes a row that changed under a
/// waiting claim drop out; SQLite has one writer at a time, so the statement is atomic as it is.
/// </summary>
internal static class MailClaims
{
    public static Task<int> ClaimAsync(TenantDbContext db, string token, DateTime now, DateTime leaseUntil, int batchSize, CancellationToken cancellationToken)
    {
        var skipLocked = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var due = "(status = 'queued' AND next_attempt_at <= {2}) OR (status = 'sending' AND locked_until < {2})";
        var table = MailConfiguration.Table;
        var sql = "UPDATE " + table
            + " SET status = 'sending', claim_token = {0}, locked_until = {1}, attempts = attempts + 1, updated_at = {2}"
            + " WHERE (" + due + ") AND id IN (SELECT id FROM " + table + " WHERE " + due
            + " ORDER BY next_attempt_at, id LIMIT {3} " + skipLocked + ")";
        return db.Database.ExecuteSqlRawAsync(sql, [token, leaseUntil, now, batchSize], cancellationToken);
    }
}
