using Crm.Saas.Api.Persistence;
using System.Text.RegularExpressions;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Customers;

internal sealed partial class CustomerFieldsValidator : AbstractValidator<CustomerFields>
{
    public CustomerFieldsValidator(TimeProvider clock)
    {
        RuleFor(c => c.Kind).NotNull().WithMessage("Must be 'person' or 'organization'.");
        RuleFor(c => c.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("Must not be blank.")
            .PlainText(CustomerLimits.Name);
        RuleFor(c => c.Email).EmailAddress();
        RuleFor(c => c.Phone).PlainText(CustomerLimits.Phone)
            .Matches(PhonePattern()).When(c => !string.IsNullOrEmpty(c.Phone))
            .WithMessage("Use digits, spaces and + ( ) - . only, with at least 5 digits.");
        RuleFor(c => c.Birthday)
            .Must(b => b is null || (b.Value.Year >= 1900 && b.Value <= DateOnly.FromDateTime(StoredTime.Now(clock))))
            .WithMessage("Must be a date between 1900-01-01 and today.");
        RuleFor(c => c.Tags).Must(t => t is null || t.Count <= CustomerLimits.Tags)
            .WithMessage($"At most {CustomerLimits.Tags} tags.");
        RuleForEach(c => c.Tags).NotEmpty().Must(t => t is null || t.Trim().Length > 0).WithMessage("Must not be blank.")
            .PlainText(CustomerLimits.Tag);
        RuleFor(c => c.Source).PlainText(CustomerLimits.Source);
        RuleFor(c => c.PreferredLanguage).Matches(LanguagePattern()).When(c => !string.IsNullOrEmpty(c.PreferredLanguage))
            .WithMessage("Use a language tag such as 'en' or 'zh-TW'.");
        RuleFor(c => c.Consent!.Source).PlainText(CustomerLimits.Source).When(c => c.Consent is not null).OverridePropertyName("consent.source");
        RuleFor(c => c.ExternalId).PlainText(CustomerLimits.ExternalId)
            .Must(e => e is null || e.Trim().Length > 0).WithMessage("Must not be blank.");
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^(?=(?:\D*\d){5})[0-9+()\-. ]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
