using System.Text.Json.Serialization;
using FluentValidation;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>The settings an admin writes; the shape a merge patch is applied to.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record LifecycleSettingsFields
{
    /// <summary>Days without a purchase before a customer is lapsed (⅔ of it: at risk; twice: churned).</summary>
    /// <example>90</example>
    public int? LapseDays { get; init; }

    /// <summary>Purchases within 365 days that make a customer loyal.</summary>
    /// <example>3</example>
    public int? LoyalMinPurchases { get; init; }

    public static LifecycleSettingsFields From(LifecycleSettings settings) =>
        new() { LapseDays = settings.LapseDays, LoyalMinPurchases = settings.LoyalMinPurchases };
}

internal sealed class LifecycleSettingsFieldsValidator : AbstractValidator<LifecycleSettingsFields>
{
    public const int MinLapseDays = 7;
    public const int MaxLapseDays = 3650;
    public const int MinLoyalPurchases = 2;
    public const int MaxLoyalPurchases = 100;

    public LifecycleSettingsFieldsValidator()
    {
        RuleFor(s => s.LapseDays).NotNull().InclusiveBetween(MinLapseDays, MaxLapseDays)
            .WithMessage($"Must be a whole number of days from {MinLapseDays} to {MaxLapseDays}.");
        RuleFor(s => s.LoyalMinPurchases).NotNull().InclusiveBetween(MinLoyalPurchases, MaxLoyalPurchases)
            .WithMessage($"Must be a whole number from {MinLoyalPurchases} to {MaxLoyalPurchases}.");
    }
}

/// <summary>The lifecycle settings as the API shows them; <c>updatedAt</c> is null while they are the defaults.</summary>
public sealed record LifecycleSettingsResponse(int LapseDays, int LoyalMinPurchases, DateTime? UpdatedAt)
{
    public static LifecycleSettingsResponse From(LifecycleSettings s) =>
        new(s.LapseDays, s.LoyalMinPurchases, s.UpdatedAt == default ? null : s.UpdatedAt);
}
