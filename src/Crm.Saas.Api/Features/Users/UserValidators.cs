using Crm.Saas.Api.Features.Signup;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Users;

internal sealed class InvitationValidator : AbstractValidator<InvitationRequest>
{
    public InvitationValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress();
        RuleFor(r => r.Role).NotNull().WithMessage("Must be 'owner', 'admin' or 'agent'.");
    }
}

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationRequest>
{
    public AcceptInvitationValidator()
    {
        RuleFor(r => r.Token).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Password).StrongPassword(_ => []).When(r => r.Password is not null);
    }
}

internal sealed class ChangeRoleValidator : AbstractValidator<ChangeRoleRequest>
{
    public ChangeRoleValidator() => RuleFor(r => r.Role).NotNull().WithMessage("Must be 'owner', 'admin' or 'agent'.");
}
