namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// A tenant's business hours: a time zone, the weekdays it works, one opening window a day and holidays (local
/// dates). Pure: adds business minutes to an instant and counts the business minutes between two instants, both in
/// UTC. Each day's window is converted from local time separately, so a daylight-saving change moves the window
/// with the wall clock (an 09:00–17:00 day stays 09:00–17:00 local).
/// </summary>
public sealed class BusinessCalendar
{
    // Settings validation guarantees a working day each week; holidays are finite, so this bounds only broken input.
    private const int MaxDaysScanned = 366 * 30;

    private readonly TimeZoneInfo _zone;
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeOnly _opens;
    private readonly TimeOnly _closes;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(TimeZoneInfo zone, IEnumerable<DayOfWeek> days, TimeOnly opens, TimeOnly closes, IEnumerable<DateOnly> holidays)
    {
        if (closes <= opens)
        {
            throw new ArgumentException("The day must close after it opens.", nameof(closes));
        }

        _zone = zone;
        _days = [.. days];
        if (_days.Count == 0)
        {
            throw new ArgumentException("At least one working day is needed.", nameof(days));
        }

        _opens = opens;
        _closes = closes;
        _holidays = [.. holidays];
    }

    /// <summary>Monday to Friday, 09:00–17:00 UTC, no holidays.</summary>
    public static BusinessCalendar Default { get; } = new(
        TimeZoneInfo.Utc,
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(9, 0), new TimeOnly(17, 0), []);

    /// <summary>The instant at which <paramref name="minutes"/> business minutes after <paramref name="start"/> have passed.</summary>
    public DateTime AddBusinessMinutes(DateTime start, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        start = Utc(start);
        if (minutes == 0)
        {
            return start;
        }

        var remaining = TimeSpan.FromMinutes(minutes);
        var date = LocalDate(start);
        for (var i = 0; i < MaxDaysScanned; i++, date = date.AddDays(1))
        {
            if (Window(date) is not var (open, close))
            {
                continue;
            }

            var from = open > start ? open : start;
            if (from >= close)
            {
                continue;
            }

            var available = close - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The business calendar has no working time ahead.");
    }

    /// <summary>Whole business minutes from <paramref name="from"/> to <paramref name="to"/>; negative when <paramref name="to"/> is earlier.</summary>
    public int BusinessMinutesBetween(DateTime from, DateTime to)
    {
        from = Utc(from);
        to = Utc(to);
        if (to < from)
        {
            return -BusinessMinutesBetween(to, from);
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(to);
        for (var date = LocalDate(from); date <= last; date = date.AddDays(1))
        {
            if (Window(date) is not var (open, close))
            {
                continue;
            }

            var start = open > from ? open : from;
            var end = close < to ? close : to;
            if (end > start)
            {
                total += end - start;
            }
        }

        return (int)Math.Floor(total.TotalMinutes);
    }

    /// <summary>True when <paramref name="instant"/> falls inside business hours.</summary>
    public bool IsOpen(DateTime instant)
    {
        instant = Utc(instant);
        return Window(LocalDate(instant)) is var (open, close) && instant >= open && instant < close;
    }

    /// <summary>The day's opening window in UTC, or null on a non-working day or holiday.</summary>
    private (DateTime Open, DateTime Close)? Window(DateOnly date)
    {
        if (!_days.Contains(date.DayOfWeek) || _holidays.Contains(date))
        {
            return null;
        }

        return (ToUtc(date.ToDateTime(_opens)), ToUtc(date.ToDateTime(_closes)));
    }

    private DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, _zone));

    /// <summary>Local wall time to UTC; a time skipped by a spring-forward change is moved forward past the gap.</summary>
    private DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 4 && _zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, _zone);
    }

    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
