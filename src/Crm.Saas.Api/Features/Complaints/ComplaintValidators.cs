using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Complaints;

internal sealed class CreateComplaintValidator : AbstractValidator<CreateComplaintRequest>
{
    public CreateComplaintValidator()
    {
        RuleFor(c => c.CustomerId).NotNull().NotEqual(Guid.Empty);
        RuleFor(c => c.Channel).NotNull().WithMessage("Must be one of: phone, email, web, store, social, partner.");
        RuleFor(c => c.Category).NotNull().WithMessage("Must be one of: product, service, delivery, staff, billing, other.");
        RuleFor(c => c.Severity).NotNull().InclusiveBetween(1, 4).WithMessage("Must be 1 (mild dissatisfaction) to 4 (very angry).");
        RuleFor(c => c.Subject).Text(ComplaintLimits.Subject);
        RuleFor(c => c.Description).Text(ComplaintLimits.Description, allowLineBreaks: true);
    }
}

internal sealed class ComplaintFieldsValidator : AbstractValidator<ComplaintFields>
{
    public ComplaintFieldsValidator()
    {
        RuleFor(c => c.Channel).NotNull().WithMessage("Must be one of: phone, email, web, store, social, partner.");
        RuleFor(c => c.Category).NotNull().WithMessage("Must be one of: product, service, delivery, staff, billing, other.");
        RuleFor(c => c.Severity).NotNull().InclusiveBetween(1, 4).WithMessage("Must be 1 (mild dissatisfaction) to 4 (very angry).");
        RuleFor(c => c.Subject).Text(ComplaintLimits.Subject);
        RuleFor(c => c.Description).Text(ComplaintLimits.Description, allowLineBreaks: true);
    }
}

internal sealed class ResolveComplaintValidator : AbstractValidator<ResolveComplaintRequest>
{
    public ResolveComplaintValidator()
    {
        RuleFor(r => r.ResolutionNote).Text(ComplaintLimits.Note, allowLineBreaks: true);
        RuleFor(r => r.RootCause).Text(ComplaintLimits.RootCause);
        RuleFor(r => r.GoodwillPoints).InclusiveBetween(1, ComplaintLimits.MaxGoodwillPoints)
            .WithMessage($"Must be a whole number of points from 1 to {ComplaintLimits.MaxGoodwillPoints}.");
    }
}

internal sealed class CommentRequestValidator : AbstractValidator<CommentRequest>
{
    public CommentRequestValidator()
    {
        RuleFor(c => c.Body).Text(ComplaintLimits.CommentBody, allowLineBreaks: true);
        RuleFor(c => c.Visibility).NotNull().WithMessage("Must be internal or customer.");
    }
}

internal sealed class SurveyAnswerValidator : AbstractValidator<SurveyAnswerRequest>
{
    public SurveyAnswerValidator()
    {
        RuleFor(a => a.Score).NotNull().InclusiveBetween(1, 5).WithMessage("Must be a whole number from 1 to 5.");
        RuleFor(a => a.Comment).MaximumLength(ComplaintLimits.CsatComment)
            .Must(c => c is null || !c.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'))).WithMessage("Must not contain control characters.");
    }
}

internal static class ComplaintTextRules
{
    /// <summary>Required, not blank, bounded; free text may span lines, a subject may not.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int maxLength, bool allowLineBreaks = false) =>
        rule.NotEmpty().Must(v => v is null || v.Trim().Length > 0).WithMessage("Must not be blank.")
            .MaximumLength(maxLength)
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
            .WithMessage("Must not contain control characters.");
}
