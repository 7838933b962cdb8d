using FluentValidation;

namespace Crm.Saas.Api.Features.Auth;

internal sealed class TokenValidator : AbstractValidator<TokenRequest>
{
    public TokenValidator()
    {
        RuleFor(r => r.Tenant).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Email).NotEmpty().MaximumLength(254);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(128);
    }
}

internal sealed class RefreshValidator : AbstractValidator<RefreshRequest>
{
    public RefreshValidator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(200);
}
