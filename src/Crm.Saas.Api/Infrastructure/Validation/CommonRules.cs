using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Validation;

/// <summary>Rules several features share, written once.</summary>
public static class CommonRules
{
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(v => v is null || !v.Any(char.IsControl)).WithMessage("Must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> EmailAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.PlainText(254)
            .Must(v => v is null || System.Net.Mail.MailAddress.TryCreate(v, out var parsed) && parsed.Address == v.Trim() && v.Contains('.', StringComparison.Ordinal))
            .WithMessage("Must be a valid email address.");
}
