using System.Globalization;

namespace Crm.Saas.Api.Infrastructure.Validation;

/// <summary>
/// The one reading of a time in a query string (from, to, updatedSince): its validator and its handler must agree,
/// so both call this. A time with an offset is converted to UTC; one without is taken as UTC.
/// </summary>
internal static class QueryTime
{
    /// <summary>The time in UTC, or null when <paramref name="value"/> is absent or not a time.</summary>
    public static DateTime? Parse(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;
}
