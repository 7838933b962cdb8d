namespace Crm.Saas.Api.Features.Loyalty;

/// <summary>What a ledger write is and where it comes from; <see cref="Points"/> is the amount, always positive.</summary>
public sealed record PointsChange(EntryKind Kind, long Points)
{
    public string? Reason { get; init; }

    public string? Reference { get; init; }

    public Guid? PurchaseId { get; init; }

    public Guid? RefundId { get; init; }

    public Guid? ComplaintId { get; init; }

    public (string Type, Guid Id)? Actor { get; init; }

    public string? DedupKey { get; init; }

    /// <summary>Credits: when the lot expires (null: never).</summary>
    public DateTime? ExpiresAt { get; init; }
}
