namespace Crm.Saas.Client;

[CrmSchema("PurchaseRequest")]
public sealed record NewPurchase
{
    /// <summary>Minor units of the currency (4200 = 42.00 EUR).</summary>
    public required long Amount { get; init; }

    /// <summary>ISO 4217.</summary>
    public required string Currency { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>store, web, phone, partner or other.</summary>
    public required string Channel { get; init; }

    /// <summary>Your reference for the sale: sending it again replays the first purchase.</summary>
    public string? ExternalRef { get; init; }

    public IReadOnlyList<PurchaseLine>? Lines { get; init; }
}

[CrmSchema("PurchaseLineRequest")]
public sealed record PurchaseLine(string Sku, string Name, int Quantity, long Amount);

[CrmSchema("PurchaseResponse")]
public sealed record Purchase
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public long Amount { get; init; }

    public string Currency { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public string Channel { get; init; } = "";

    public string? ExternalRef { get; init; }

    public IReadOnlyList<PurchaseLine> Lines { get; init; } = [];

    public long RefundedAmount { get; init; }

    public long RemainingAmount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

[CrmSchema("RefundRequest")]
public sealed record NewRefund
{
    public required long Amount { get; init; }

    public string? Reason { get; init; }
}

[CrmSchema("RefundResponse")]
public sealed record Refund
{
    public Guid Id { get; init; }

    public Guid PurchaseId { get; init; }

    public long Amount { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public long RemainingAmount { get; init; }
}

/// <summary>Filters of the purchase lists; all optional.</summary>
public sealed record PurchaseQuery
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Channel { get; init; }

    public string? Currency { get; init; }

    public long? MinAmount { get; init; }
}

public static class PurchaseChannels
{
    public const string Store = "store";
    public const string Web = "web";
    public const string Phone = "phone";
    public const string Partner = "partner";
    public const string Other = "other";
}
