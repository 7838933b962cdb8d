using FluentValidation;

namespace Crm.Saas.Api.Features.Interactions;

internal sealed class LogInteractionValidator : AbstractValidator<LogInteractionRequest>
{
    public const int SummaryLength = 4000;

    /// <summary>Clients' clocks drift; more than this ahead is a mistake, not skew.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public LogInteractionValidator(TimeProvider clock)
    {
        RuleFor(i => i.Type).NotNull().WithMessage("Must be one of: call, email, meeting, visit, chat, note.");
        RuleFor(i => i.Direction).NotNull().WithMessage("Must be 'inbound' or 'outbound'.");
        RuleFor(i => i.Summary).NotEmpty().Must(s => s is null || s.Trim().Length > 0).WithMessage("Must not be blank.")
            .MaximumLength(SummaryLength).WithMessage($"Must be at most {SummaryLength} characters.");
        RuleFor(i => i.OccurredAt).NotNull().WithMessage("Required: when the interaction happened.")
            .Must(t => t is null || t.Value <= clock.GetUtcNow() + AllowedSkew)
            .WithMessage($"Must not be more than {AllowedSkew.TotalMinutes:0} minutes in the future.")
            .Must(t => t is null || t.Value.Year >= 1900).WithMessage("Must be after 1900-01-01.");
        RuleFor(i => i.ContactId).NotEqual(Guid.Empty).WithMessage("Must be a contact id of this customer.");
    }
}
