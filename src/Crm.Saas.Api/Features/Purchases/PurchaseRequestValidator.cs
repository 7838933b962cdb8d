using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Purchases;

internal sealed class PurchaseRequestValidator : AbstractValidator<PurchaseRequest>
{
    public PurchaseRequestValidator(TimeProvider clock)
    {
        RuleFor(p => p.Amount).NotNull().InclusiveBetween(1, PurchaseLimits.MaxAmount)
            .WithMessage($"Must be a whole number of minor units from 1 to {PurchaseLimits.MaxAmount}.");
        RuleFor(p => p.Currency).NotEmpty().Must(Currencies.IsKnown)
            .WithMessage("Must be an ISO 4217 currency code in upper case, such as EUR or USD.");
        RuleFor(p => p.OccurredAt).NotNull()
            .Must((p, _) => p.OccurredAtUtc is not { } t || t <= clock.GetUtcNow().UtcDateTime + PurchaseLimits.FutureTolerance)
            .WithMessage("Must not be in the future.");
        RuleFor(p => p.Channel).NotNull().WithMessage("Must be one of: store, web, phone, partner, other.");
        RuleFor(p => p.ExternalRef).PlainText(PurchaseLimits.ExternalRef)
            .Must(r => r is null || r.Trim().Length == r.Length && r.Length > 0).WithMessage("Must not be blank or start or end with spaces.");
        RuleFor(p => p.Lines).Must(l => l is null || l.Count <= PurchaseLimits.Lines).WithMessage($"At most {PurchaseLimits.Lines} lines.");
        RuleForEach(p => p.Lines).NotNull().SetValidator(new PurchaseLineValidator());
    }
}

internal sealed class PurchaseLineValidator : AbstractValidator<PurchaseLineRequest>
{
    public PurchaseLineValidator()
    {
        RuleFor(l => l.Sku).NotEmpty().Must(s => s is null || s.Trim().Length > 0).WithMessage("Must not be blank.").PlainText(PurchaseLimits.Sku);
        RuleFor(l => l.Name).NotEmpty().Must(s => s is null || s.Trim().Length > 0).WithMessage("Must not be blank.").PlainText(PurchaseLimits.LineName);
        RuleFor(l => l.Quantity).NotNull().InclusiveBetween(1, 1_000_000).WithMessage("Must be a whole number from 1 to 1000000.");
        RuleFor(l => l.Amount).NotNull().InclusiveBetween(0, PurchaseLimits.MaxAmount)
            .WithMessage($"Must be a whole number of minor units from 0 to {PurchaseLimits.MaxAmount}.");
    }
}
