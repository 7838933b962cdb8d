using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.ApiKeys;

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator(TimeProvider clock)
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("Must not be blank.")
            .PlainText(ApiKeyLimits.Name);
        RuleFor(r => r.Scopes).NotEmpty().WithMessage("Name at least one scope.")
            .Must(s => s is null || s.Distinct(StringComparer.Ordinal).Count() == s.Count).WithMessage("Must not name a scope twice.");
        RuleForEach(r => r.Scopes).Must(Scopes.IsKnown).WithMessage($"Unknown scope. Use one of: {string.Join(", ", Scopes.All)}.");
        RuleFor(r => r.ExpiresAt).Must((r, _) => r.ExpiresAtUtc is null || r.ExpiresAtUtc > clock.GetUtcNow().UtcDateTime)
            .WithMessage("Must be in the future.");
    }
}
