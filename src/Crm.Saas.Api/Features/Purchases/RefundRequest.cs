using System.Text.Json.Serialization;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>Money to give back on a purchase: part of it or all that is left.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record RefundRequest
{
    /// <summary>Integer minor units, more than zero and at most what is left of the purchase.</summary>
    /// <example>500</example>
    public long? Amount { get; init; }

    /// <example>Damaged in transit</example>
    public string? Reason { get; init; }
}

internal sealed class RefundRequestValidator : AbstractValidator<RefundRequest>
{
    public RefundRequestValidator()
    {
        RuleFor(r => r.Amount).NotNull().InclusiveBetween(1, PurchaseLimits.MaxAmount)
            .WithMessage($"Must be a whole number of minor units from 1 to {PurchaseLimits.MaxAmount}.");
        RuleFor(r => r.Reason).PlainText(PurchaseLimits.Reason);
    }
}

/// <summary>A refund as the API shows it, with what is left of the purchase after it.</summary>
public sealed record RefundResponse(Guid Id, Guid PurchaseId, long Amount, string? Reason, DateTime CreatedAt, long RemainingAmount);
