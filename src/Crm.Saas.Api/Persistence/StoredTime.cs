namespace Crm.Saas.Api.Persistence;

/// <summary>
/// Times as the database keeps them: PostgreSQL stores microseconds, .NET ticks are 100 ns. Trimming before saving
/// makes the answer to a write equal every later read, and keeps keyset cursors exact.
/// </summary>
internal static class StoredTime
{
    public static DateTime Of(DateTime time) => new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);

    public static DateTime Now(TimeProvider clock) => Of(clock.GetUtcNow().UtcDateTime);
}
