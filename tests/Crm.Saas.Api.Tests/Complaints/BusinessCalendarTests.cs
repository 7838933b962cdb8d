using Crm.Saas.Api.Features.Complaints;

namespace Crm.Saas.Api.Tests.Complaints;

/// <summary>Business time: nights, weekends, holidays and time zones (with a daylight-saving change) as a business owner counts them.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly BusinessCalendar Utc = new(TimeZoneInfo.Utc, Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), []);

    private static DateTime At(string utc) => DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Theory]
    // 2026-03-02 is a Monday; 2026-03-06 a Friday.
    [InlineData("2026-03-02T10:00:00", 60, "2026-03-02T11:00:00")] // inside one day
    [InlineData("2026-03-02T16:30:00", 60, "2026-03-03T09:30:00")] // across the night
    [InlineData("2026-03-02T20:00:00", 30, "2026-03-03T09:30:00")] // starting at night
    [InlineData("2026-03-02T07:00:00", 30, "2026-03-02T09:30:00")] // starting before opening
    [InlineData("2026-03-06T16:00:00", 120, "2026-03-09T10:00:00")] // across the weekend
    [InlineData("2026-03-07T12:00:00", 30, "2026-03-09T09:30:00")] // starting on a Saturday
    [InlineData("2026-03-02T10:00:00", 480, "2026-03-03T10:00:00")] // a whole business day
    [InlineData("2026-03-02T09:00:00", 10080, "2026-03-30T17:00:00")] // 7 × 24 business hours = 21 business days
    [InlineData("2026-03-02T17:00:00", 1, "2026-03-03T09:01:00")] // at closing time
    [InlineData("2026-03-02T12:34:00", 0, "2026-03-02T12:34:00")]
    public void Adds_business_minutes_skipping_nights_and_weekends(string start, int minutes, string expected)
    {
        Assert.Equal(At(expected), Utc.AddBusinessMinutes(At(start), minutes));
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00", "2026-03-02T11:30:00", 90)]
    [InlineData("2026-03-02T16:00:00", "2026-03-03T10:00:00", 120)]
    [InlineData("2026-03-06T16:00:00", "2026-03-09T10:00:00", 120)]
    [InlineData("2026-03-07T08:00:00", "2026-03-08T20:00:00", 0)] // a whole weekend
    [InlineData("2026-03-02T18:00:00", "2026-03-03T08:00:00", 0)] // a night
    [InlineData("2026-03-02T00:00:00", "2026-03-09T00:00:00", 5 * 480)] // a week
    [InlineData("2026-03-03T10:00:00", "2026-03-02T16:00:00", -120)] // backwards is negative
    [InlineData("2026-03-02T10:00:00", "2026-03-02T10:00:59", 0)] // whole minutes only
    public void Counts_business_minutes_between_instants(string from, string to, int expected)
    {
        Assert.Equal(expected, Utc.BusinessMinutesBetween(At(from), At(to)));
    }

    [Fact]
    public void A_holiday_is_skipped_like_a_weekend()
    {
        var withHoliday = new BusinessCalendar(TimeZoneInfo.Utc, Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), [new DateOnly(2026, 3, 9)]);
        Assert.Equal(At("2026-03-10T10:00:00"), withHoliday.AddBusinessMinutes(At("2026-03-06T16:00:00"), 120));
        Assert.Equal(120, withHoliday.BusinessMinutesBetween(At("2026-03-06T16:00:00"), At("2026-03-10T10:00:00")));
        Assert.False(withHoliday.IsOpen(At("2026-03-09T12:00:00")));
        Assert.True(withHoliday.IsOpen(At("2026-03-10T12:00:00")));
    }

    [Fact]
    public void Hours_are_local_to_the_tenants_time_zone()
    {
        var taipei = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Taipei"), Weekdays, new TimeOnly(9, 0), new TimeOnly(18, 0), []);

        // Monday 09:00 in Taipei is Monday 01:00 UTC; Sunday 23:30 UTC is already Monday 07:30 there.
        Assert.Equal(At("2026-03-02T02:00:00"), taipei.AddBusinessMinutes(At("2026-03-01T23:30:00"), 60));
        // Friday 17:30 Taipei (09:30 UTC) + 60 → Monday 09:30 Taipei (01:30 UTC).
        Assert.Equal(At("2026-03-09T01:30:00"), taipei.AddBusinessMinutes(At("2026-03-06T09:30:00"), 60));
        Assert.Equal(60, taipei.BusinessMinutesBetween(At("2026-03-06T09:30:00"), At("2026-03-09T01:30:00")));
    }

    [Fact]
    public void The_window_follows_the_wall_clock_across_a_daylight_saving_change()
    {
        // Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29: 09:00–17:00 local is 08:00–16:00 UTC before, 07:00–15:00 after.
        var berlin = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), []);

        Assert.Equal(At("2026-03-30T08:00:00"), berlin.AddBusinessMinutes(At("2026-03-27T14:00:00"), 180)); // Fri 15:00 CET + 3 h → Mon 10:00 CEST
        Assert.Equal(180, berlin.BusinessMinutesBetween(At("2026-03-27T14:00:00"), At("2026-03-30T08:00:00")));
        Assert.True(berlin.IsOpen(At("2026-03-30T07:00:00")));
        Assert.False(berlin.IsOpen(At("2026-03-27T07:30:00")));
    }

    [Fact]
    public void Adding_then_counting_gives_back_the_minutes()
    {
        var berlin = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), Weekdays, new TimeOnly(8, 30), new TimeOnly(12, 15),
            [new DateOnly(2026, 4, 3), new DateOnly(2026, 4, 6)]);
        var start = At("2026-03-20T07:45:00");
        foreach (var minutes in new[] { 1, 59, 225, 226, 1000, 5000 })
        {
            var end = berlin.AddBusinessMinutes(start, minutes);
            Assert.Equal(minutes, berlin.BusinessMinutesBetween(start, end));
            Assert.True(berlin.IsOpen(end.AddSeconds(-1)), $"{minutes} minutes ended outside business hours at {end:O}");
        }
    }
}
