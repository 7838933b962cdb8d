namespace Crm.Saas.Client;

[CrmSchema("RedeemRequest")]
public sealed record Redemption
{
    public required long Points { get; init; }

    public required string Reason { get; init; }

    /// <summary>Your reference (a receipt number), kept on the ledger entry.</summary>
    public string? Reference { get; init; }
}

/// <summary>Name the customer by exactly one of <see cref="CustomerId"/>, <see cref="ExternalId"/> or <see cref="Email"/>.</summary>
[CrmSchema("AwardRequest")]
public sealed record PointsAward
{
    public Guid? CustomerId { get; init; }

    public string? ExternalId { get; init; }

    public string? Email { get; init; }

    public required long Points { get; init; }

    /// <summary>Your own reference for the award.</summary>
    public required string Reference { get; init; }

    public string? Reason { get; init; }
}

[CrmSchema("PointsChangeResponse")]
public sealed record PointsChange
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>earn, bonus, redeem, expire, adjust, reverse, award or goodwill.</summary>
    public string Kind { get; init; } = "";

    public long Points { get; init; }

    /// <summary>The balance after this change.</summary>
    public long Balance { get; init; }

    public long Shortfall { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? Reference { get; init; }

    public string? Reason { get; init; }
}

[CrmSchema("LoyaltySummary")]
public sealed record LoyaltySummary
{
    public Guid CustomerId { get; init; }

    public long Balance { get; init; }

    /// <summary>Points a refund took back that the balance could not cover; later credits pay it off first.</summary>
    public long Shortfall { get; init; }

    /// <summary>Points earned (or spend) over the rolling 12 months that the tier is based on.</summary>
    public long Qualifying { get; init; }
}
