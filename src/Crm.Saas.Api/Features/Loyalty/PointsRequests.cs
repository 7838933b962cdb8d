using Crm.Saas.Api.Infrastructure.Http;
using System.Text.Json.Serialization;
using Crm.Saas.Api.Infrastructure.Validation;
using FluentValidation;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>Points a customer spends (at the till, online, through a partner).</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record RedeemRequest
{
    /// <example>500</example>
    public long? Points { get; init; }

    /// <example>Voucher for a free tin</example>
    public string? Reason { get; init; }

    /// <summary>The till's or partner's own reference for the redemption.</summary>
    /// <example>pos-10042</example>
    public string? Reference { get; init; }
}

/// <summary>An admin's correction: positive adds a lot, negative takes points out (never below zero).</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record AdjustRequest
{
    /// <example>-200</example>
    public long? Points { get; init; }

    /// <example>Points granted twice by mistake</example>
    public string? Reason { get; init; }
}

/// <summary>Points a partner grants, addressing the customer by exactly one of customerId, externalId or email.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record AwardRequest
{
    public Guid? CustomerId { get; init; }

    /// <example>shop-4711</example>
    public string? ExternalId { get; init; }

    /// <example>mei@example.com</example>
    public string? Email { get; init; }

    /// <example>250</example>
    public long? Points { get; init; }

    /// <summary>The partner's reference for the award.</summary>
    /// <example>partner-campaign-2026-03</example>
    public string? Reference { get; init; }

    /// <example>Spring campaign</example>
    public string? Reason { get; init; }
}

internal sealed class RedeemRequestValidator : AbstractValidator<RedeemRequest>
{
    public RedeemRequestValidator()
    {
        RuleFor(r => r.Points).NotNull().InclusiveBetween(1, LoyaltyLimits.MaxPoints)
            .WithMessage($"Must be a whole number of points from 1 to {LoyaltyLimits.MaxPoints}.");
        RuleFor(r => r.Reason).NotEmpty().PlainText(LoyaltyLimits.Reason);
        RuleFor(r => r.Reference).PlainText(LoyaltyLimits.Reference);
    }
}

internal sealed class AdjustRequestValidator : AbstractValidator<AdjustRequest>
{
    public AdjustRequestValidator()
    {
        RuleFor(r => r.Points).NotNull().InclusiveBetween(-LoyaltyLimits.MaxPoints, LoyaltyLimits.MaxPoints).NotEqual(0)
            .WithMessage($"Must be a non-zero whole number of points from -{LoyaltyLimits.MaxPoints} to {LoyaltyLimits.MaxPoints}.");
        RuleFor(r => r.Reason).NotEmpty().PlainText(LoyaltyLimits.Reason);
    }
}

internal sealed class AwardRequestValidator : AbstractValidator<AwardRequest>
{
    public AwardRequestValidator()
    {
        RuleFor(r => r.Points).NotNull().InclusiveBetween(1, LoyaltyLimits.MaxPoints)
            .WithMessage($"Must be a whole number of points from 1 to {LoyaltyLimits.MaxPoints}.");
        RuleFor(r => r.Reference).NotEmpty().PlainText(LoyaltyLimits.Reference);
        RuleFor(r => r.Reason).PlainText(LoyaltyLimits.Reason);
        RuleFor(r => r.ExternalId).NotEmpty().PlainText(Customers.CustomerLimits.ExternalId).When(r => r.ExternalId is not null);
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.CustomerId)
            .Must((r, _) => (r.CustomerId is null ? 0 : 1) + (r.ExternalId is null ? 0 : 1) + (r.Email is null ? 0 : 1) == 1)
            .WithMessage("Name the customer by exactly one of customerId, externalId or email.");
    }
}

/// <summary>The entry a write made and the account after it.</summary>
public sealed record PointsChangeResponse(
    Guid Id, Guid CustomerId, EntryKind Kind, long Points, long Balance, long Shortfall, DateTime OccurredAt, string? Reference, string? Reason)
{
    public static PointsChangeResponse From(LoyaltyEntry e) =>
        new(e.Id, e.CustomerId, e.Kind, e.Points, e.BalanceAfter, e.ShortfallAfter, e.OccurredAt, e.Reference, e.Reason);

    /// <summary>The 201 of a redeem, adjust or award: the entry, located at the customer's loyalty summary.</summary>
    public static CreatedResourceResult<PointsChangeResponse> Created(LoyaltyEntry e) => new(From(e), null, $"/v1/customers/{e.CustomerId}/loyalty");
}
