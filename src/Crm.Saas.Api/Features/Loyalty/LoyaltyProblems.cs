using Crm.Saas.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>This feature's problem types; stable once published, like the central ones.</summary>
internal static class LoyaltyProblems
{
    public const string InsufficientPointsType = ProblemTypes.Base + "insufficient-points";
    public const string BelowMinimumRedemptionType = ProblemTypes.Base + "below-minimum-redemption";

    public static ProblemHttpResult InsufficientPoints(long balance, long requested) =>
        ApiProblems.Problem(409, InsufficientPointsType, "Insufficient points",
            $"The customer holds {balance} points; {requested} were asked for.",
            new Dictionary<string, object?> { ["balance"] = balance, ["requested"] = requested });

    public static ProblemHttpResult BelowMinimum(long minimum) =>
        ApiProblems.Problem(422, BelowMinimumRedemptionType, "Below the minimum redemption",
            $"The programme redeems at least {minimum} points at a time.",
            new Dictionary<string, object?> { ["minimumRedemption"] = minimum });
}
