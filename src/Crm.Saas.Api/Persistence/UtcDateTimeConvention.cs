using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Saas.Api.Persistence;

/// <summary>
/// All times are UTC. SQLite hands DateTime back with an unspecified kind; this marks it UTC again so that
/// serialisation writes the <c>Z</c>, and refuses to store a local time by mistake.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

internal static class ModelConventions
{
    public static void UseUtcDateTimes(this ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
