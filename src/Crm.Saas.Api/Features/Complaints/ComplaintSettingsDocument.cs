using System.Text.Json.Serialization;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The complaint settings as an admin reads and writes them (<c>GET/PUT /v1/settings/complaints</c>). SLA targets
/// are business minutes: they run only inside business hours, and not while a complaint waits on the customer.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record ComplaintSettingsDocument
{
    /// <summary>First-response and resolution targets by severity.</summary>
    public SlaPolicy? Sla { get; init; }

    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Days after resolution during which a resolved or closed complaint may be reopened.</summary>
    /// <example>14</example>
    public int? ReopenWindowDays { get; init; }

    /// <summary>Minutes after resolution before the satisfaction survey goes to the customer.</summary>
    /// <example>60</example>
    public int? SurveyDelayMinutes { get; init; }

    /// <summary>Days the survey link stays valid after it is due.</summary>
    /// <example>14</example>
    public int? SurveyValidDays { get; init; }

    /// <summary>Severity 4: 1 h / 8 h; 3: 4 h / 24 h; 2: 8 h / 72 h; 1: 24 h / 7 days (all business time); Mon–Fri 09–17 UTC.</summary>
    public static readonly ComplaintSettingsDocument Defaults = new()
    {
        Sla = new SlaPolicy
        {
            Severity1 = new SlaTarget { FirstResponseMinutes = 24 * 60, ResolutionMinutes = 7 * 24 * 60 },
            Severity2 = new SlaTarget { FirstResponseMinutes = 8 * 60, ResolutionMinutes = 72 * 60 },
            Severity3 = new SlaTarget { FirstResponseMinutes = 4 * 60, ResolutionMinutes = 24 * 60 },
            Severity4 = new SlaTarget { FirstResponseMinutes = 60, ResolutionMinutes = 8 * 60 },
        },
        BusinessHours = new BusinessHours
        {
            TimeZone = "UTC",
            Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            Opens = "09:00",
            Closes = "17:00",
            Holidays = [],
        },
        ReopenWindowDays = 14,
        SurveyDelayMinutes = 60,
        SurveyValidDays = 14,
    };
}

public sealed record SlaPolicy
{
    public SlaTarget? Severity1 { get; init; }

    public SlaTarget? Severity2 { get; init; }

    public SlaTarget? Severity3 { get; init; }

    public SlaTarget? Severity4 { get; init; }
}

[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record SlaTarget
{
    /// <summary>Business minutes from intake to acknowledgement.</summary>
    /// <example>60</example>
    public int? FirstResponseMinutes { get; init; }

    /// <summary>Business minutes from intake (or reopening) to resolution, waiting on the customer excluded.</summary>
    /// <example>480</example>
    public int? ResolutionMinutes { get; init; }
}

public sealed record BusinessHours
{
    /// <summary>IANA time zone the hours and holidays are in.</summary>
    /// <example>Europe/Berlin</example>
    public string? TimeZone { get; init; }

    /// <summary>Working weekdays.</summary>
    public List<DayOfWeek>? Days { get; init; }

    /// <summary>Opening time, local, HH:mm.</summary>
    /// <example>09:00</example>
    public string? Opens { get; init; }

    /// <summary>Closing time, local, HH:mm, after opening.</summary>
    /// <example>17:00</example>
    public string? Closes { get; init; }

    /// <summary>Local dates without business hours.</summary>
    public List<DateOnly>? Holidays { get; init; }
}

/// <summary>The settings in the form the rules use: a validated document, compiled once per request or job pass.</summary>
public sealed record ComplaintRules(
    BusinessCalendar Calendar, IReadOnlyDictionary<int, (int FirstResponse, int Resolution)> Targets,
    TimeSpan ReopenWindow, TimeSpan SurveyDelay, TimeSpan SurveyValidity)
{
    public static ComplaintRules Default { get; } = From(ComplaintSettingsDocument.Defaults);

    public static ComplaintRules From(ComplaintSettingsDocument d)
    {
        var hours = d.BusinessHours!;
        var calendar = new BusinessCalendar(
            TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone!), hours.Days!,
            TimeOnly.ParseExact(hours.Opens!, "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(hours.Closes!, "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            hours.Holidays ?? []);
        var sla = d.Sla!;
        var targets = new Dictionary<int, (int, int)>
        {
            [1] = (sla.Severity1!.FirstResponseMinutes!.Value, sla.Severity1.ResolutionMinutes!.Value),
            [2] = (sla.Severity2!.FirstResponseMinutes!.Value, sla.Severity2.ResolutionMinutes!.Value),
            [3] = (sla.Severity3!.FirstResponseMinutes!.Value, sla.Severity3.ResolutionMinutes!.Value),
            [4] = (sla.Severity4!.FirstResponseMinutes!.Value, sla.Severity4.ResolutionMinutes!.Value),
        };
        return new ComplaintRules(calendar, targets, TimeSpan.FromDays(d.ReopenWindowDays!.Value),
            TimeSpan.FromMinutes(d.SurveyDelayMinutes!.Value), TimeSpan.FromDays(d.SurveyValidDays!.Value));
    }
}
