namespace Crm.Saas.Api.Features.Purchases;

/// <summary>A purchase as the API shows it; <c>remainingAmount</c> is what can still be refunded.</summary>
public sealed record PurchaseResponse(
    Guid Id,
    Guid CustomerId,
    long Amount,
    string Currency,
    DateTime OccurredAt,
    PurchaseChannel Channel,
    string? ExternalRef,
    IReadOnlyList<PurchaseLineResponse> Lines,
    long RefundedAmount,
    long RemainingAmount,
    DateTime CreatedAt)
{
    public static PurchaseResponse From(Purchase p) => new(
        p.Id, p.CustomerId, p.Amount, p.Currency, p.OccurredAt, p.Channel, p.ExternalRef,
        p.Lines.Select(l => new PurchaseLineResponse(l.Sku, l.Name, l.Quantity, l.Amount)).ToList(),
        p.RefundedAmount, p.Amount - p.RefundedAmount, p.CreatedAt);
}

public sealed record PurchaseLineResponse(string Sku, string Name, int Quantity, long Amount);
