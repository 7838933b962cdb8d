using System.Text.RegularExpressions;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Signup;

internal sealed partial class SignupValidator : AbstractValidator<SignupRequest>
{
    /// <summary>Words that name parts of the platform, or would mislead customers as a tenant's address.</summary>
    public static readonly HashSet<string> ReservedSlugs = new(StringComparer.Ordinal)
    {
        "api", "www", "app", "admin", "administrator", "jobs", "docs", "status", "mail", "email", "smtp", "static", "assets", "cdn",
        "help", "support", "billing", "login", "logout", "signup", "signin", "auth", "oauth", "health", "swagger", "public",
        "platform", "system", "root", "crm", "dashboard", "account", "accounts", "security", "stripe", "webhook", "webhooks",
    };

    public SignupValidator()
    {
        RuleFor(r => r.CompanyName).NotEmpty().PlainText(200);
        RuleFor(r => r.Slug).NotEmpty()
            .Matches(SlugPattern()).WithMessage("Use 3 to 40 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")
            .Must(slug => slug is null || !ReservedSlugs.Contains(slug)).WithMessage("This slug is reserved.");
        RuleFor(r => r.OwnerEmail).NotEmpty().EmailAddress();
        RuleFor(r => r.OwnerPassword).StrongPassword(r => [PasswordRules.LocalPart(r.OwnerEmail), r.Slug]);
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,38}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
