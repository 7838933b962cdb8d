using System.Text.RegularExpressions;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>Validates a new contact, and a contact after a merge patch, the same way.</summary>
internal sealed partial class ContactFieldsValidator : AbstractValidator<ContactFields>
{
    // The column sizes of ContactConfiguration.
    private const int NameLength = 200;
    private const int PhoneLength = 32;
    private const int TitleLength = 100;

    public ContactFieldsValidator()
    {
        RuleFor(c => c.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("Must not be blank.")
            .PlainText(NameLength);
        RuleFor(c => c.Role).NotNull().WithMessage("Must be one of: buyer, decision_maker, user, billing, other.");
        RuleFor(c => c.Email).EmailAddress();
        RuleFor(c => c.Phone).PlainText(PhoneLength)
            .Matches(PhonePattern()).When(c => !string.IsNullOrEmpty(c.Phone))
            .WithMessage("Use digits, spaces and + ( ) - . only, with at least 5 digits.");
        RuleFor(c => c.Title).PlainText(TitleLength);
    }

    // The same phone shape as a customer's.
    [GeneratedRegex(@"^(?=(?:\D*\d){5})[0-9+()\-. ]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
