using System.Text.Json.Serialization;
namespace Crm.Saas.Api.Features.Purchases;

/// <summary>
/// A sale as a partner or the web client reports it. Numbers are strict JSON numbers: the web defaults would read
/// "1250" from a string, and money that arrives as text is more likely a bug on the sender's side than a sale.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record PurchaseRequest
{
    /// <summary>Integer minor units (cents), more than zero.</summary>
    /// <example>1250</example>
    public long? Amount { get; init; }

    /// <summary>ISO 4217, upper case.</summary>
    /// <example>EUR</example>
    public string? Currency { get; init; }

    /// <summary>When the sale happened (UTC); at most five minutes ahead of the server's clock.</summary>
    public DateTime? OccurredAt { get; init; }

    /// <example>web</example>
    public PurchaseChannel? Channel { get; init; }

    /// <summary>The partner's reference for the sale; re-sending the same reference returns the first purchase.</summary>
    /// <example>order-10042</example>
    public string? ExternalRef { get; init; }

    public List<PurchaseLineRequest>? Lines { get; init; }

    /// <summary>A time without an offset is taken as UTC, like every time in this API.</summary>
    internal DateTime? OccurredAtUtc => OccurredAt is not { } t ? null : t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    public Purchase ToPurchase(Guid customerId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        CustomerId = customerId,
        Amount = Amount!.Value,
        Currency = Currency!,
        OccurredAt = Microseconds(OccurredAtUtc!.Value),
        Channel = Channel!.Value,
        ExternalRef = string.IsNullOrEmpty(ExternalRef) ? null : ExternalRef,
        Lines = (Lines ?? []).Select(l => new PurchaseLine { Sku = l.Sku!.Trim(), Name = l.Name!.Trim(), Quantity = l.Quantity!.Value, Amount = l.Amount!.Value }).ToList(),
        CreatedAt = Microseconds(now),
    };

    /// <summary>PostgreSQL keeps microseconds: cut the rest here, so the first answer and every later read agree.</summary>
    private static DateTime Microseconds(DateTime t) => t.AddTicks(-(t.Ticks % 10));
}

/// <summary>One line of a sale.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record PurchaseLineRequest
{
    /// <example>TEA-OOLONG-100</example>
    public string? Sku { get; init; }

    /// <example>Oolong tea, 100 g</example>
    public string? Name { get; init; }

    /// <example>2</example>
    public int? Quantity { get; init; }

    /// <summary>The line's total in minor units.</summary>
    /// <example>1250</example>
    public long? Amount { get; init; }
}
