using System.Globalization;
using FluentValidation;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>A complete settings document: every target, a real IANA zone, at least one working day, sane ranges.</summary>
internal sealed class ComplaintSettingsValidator : AbstractValidator<ComplaintSettingsDocument>
{
    public const int MaxTargetMinutes = 60 * 24 * 365;
    public const int MaxHolidays = 366;

    public ComplaintSettingsValidator()
    {
        RuleFor(s => s.Sla).NotNull().DependentRules(() =>
        {
            RuleFor(s => s.Sla!.Severity1!).NotNull().SetValidator(new SlaTargetValidator()).OverridePropertyName("sla.severity1");
            RuleFor(s => s.Sla!.Severity2!).NotNull().SetValidator(new SlaTargetValidator()).OverridePropertyName("sla.severity2");
            RuleFor(s => s.Sla!.Severity3!).NotNull().SetValidator(new SlaTargetValidator()).OverridePropertyName("sla.severity3");
            RuleFor(s => s.Sla!.Severity4!).NotNull().SetValidator(new SlaTargetValidator()).OverridePropertyName("sla.severity4");
        });
        RuleFor(s => s.BusinessHours).NotNull().DependentRules(() =>
        {
            RuleFor(s => s.BusinessHours!.TimeZone).Must(IsTimeZone).OverridePropertyName("businessHours.timeZone")
                .WithMessage("Must be an IANA time zone, such as Europe/Berlin or America/New_York.");
            RuleFor(s => s.BusinessHours!.Days).Must(d => d is { Count: > 0 } && d.Distinct().Count() == d.Count && d.All(Enum.IsDefined))
                .OverridePropertyName("businessHours.days").WithMessage("Must list at least one weekday, each once.");
            RuleFor(s => s.BusinessHours!.Opens).Must(t => Time(t) is not null).OverridePropertyName("businessHours.opens")
                .WithMessage("Must be a local time as HH:mm, such as 09:00.");
            RuleFor(s => s.BusinessHours!.Closes).Must(t => Time(t) is not null).OverridePropertyName("businessHours.closes")
                .WithMessage("Must be a local time as HH:mm, such as 17:00.")
                .Must((s, c) => Time(s.BusinessHours!.Opens) is not { } opens || Time(c) is not { } closes || closes > opens)
                .WithMessage("Must be after the opening time.");
            RuleFor(s => s.BusinessHours!.Holidays).Must(h => h is null || h.Count <= MaxHolidays)
                .OverridePropertyName("businessHours.holidays").WithMessage($"At most {MaxHolidays} holidays.");
        });
        RuleFor(s => s.ReopenWindowDays).NotNull().InclusiveBetween(0, 365).WithMessage("Must be a whole number of days from 0 to 365.");
        RuleFor(s => s.SurveyDelayMinutes).NotNull().InclusiveBetween(0, 60 * 24 * 30).WithMessage("Must be a whole number of minutes from 0 to 43200.");
        RuleFor(s => s.SurveyValidDays).NotNull().InclusiveBetween(1, 365).WithMessage("Must be a whole number of days from 1 to 365.");
    }

    internal static TimeOnly? Time(string? value) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static bool IsTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        try
        {
            // IANA names only (as stored and shown); Windows names would work on one machine and not another.
            return TimeZoneInfo.FindSystemTimeZoneById(id) is not null && (id == "UTC" || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

internal sealed class SlaTargetValidator : AbstractValidator<SlaTarget>
{
    public SlaTargetValidator()
    {
        RuleFor(t => t.FirstResponseMinutes).NotNull().InclusiveBetween(1, ComplaintSettingsValidator.MaxTargetMinutes)
            .WithMessage($"Must be a whole number of business minutes from 1 to {ComplaintSettingsValidator.MaxTargetMinutes}.");
        RuleFor(t => t.ResolutionMinutes).NotNull().InclusiveBetween(1, ComplaintSettingsValidator.MaxTargetMinutes)
            .WithMessage($"Must be a whole number of business minutes from 1 to {ComplaintSettingsValidator.MaxTargetMinutes}.")
            .Must((t, r) => t.FirstResponseMinutes is not { } first || r is not { } resolution || resolution >= first)
            .WithMessage("Must not be shorter than the first-response target.");
    }
}
