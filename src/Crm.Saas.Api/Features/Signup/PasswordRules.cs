using FluentValidation;

namespace Crm.Saas.Api.Features.Signup;

/// <summary>What makes a password acceptable, wherever one is chosen (sign-up, accepting an invitation).</summary>
internal static class PasswordRules
{
    public static IRuleBuilderOptions<T, string?> StrongPassword<T>(this IRuleBuilder<T, string?> rule, Func<T, IEnumerable<string?>> personalWords) =>
        rule.NotEmpty()
            .MinimumLength(10).MaximumLength(128)
            .Must(p => p is null || (p.Any(char.IsLetter) && p.Any(c => !char.IsLetter(c))))
            .WithMessage("Use at least one letter and at least one digit or symbol.")
            .Must((request, p) => p is null || !personalWords(request).Any(word => word is { Length: >= 3 } && p.Contains(word, StringComparison.OrdinalIgnoreCase)))
            .WithMessage("Must not contain your email address or the company's slug.");

    public static string? LocalPart(string? email) => email?.Split('@')[0];
}
