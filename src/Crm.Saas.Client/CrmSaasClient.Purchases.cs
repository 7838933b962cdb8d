namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>Records a sale. Sending the same <see cref="NewPurchase.ExternalRef"/> again returns the first purchase.</summary>
    [CrmOperation("RecordPurchase", "POST", "/v1/customers/{customerId}/purchases")]
    public Task<Purchase> RecordPurchaseAsync(Guid customerId, NewPurchase purchase, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<Purchase>($"/v1/customers/{customerId}/purchases", purchase, idempotencyKey, cancellationToken);

    [CrmOperation("GetPurchase", "GET", "/v1/purchases/{id}")]
    public Task<Versioned<Purchase>> GetPurchaseAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadVersionedAsync<Purchase>($"/v1/purchases/{id}", cancellationToken);

    /// <summary>The tenant's purchases, newest first.</summary>
    [CrmOperation("ListPurchases", "GET", "/v1/purchases")]
    public IAsyncEnumerable<Purchase> ListPurchasesAsync(PurchaseQuery? query = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync<Purchase>("/v1/purchases", PurchaseFilters(query), pageSize, cancellationToken);

    /// <summary>One customer's purchases, newest first.</summary>
    [CrmOperation("ListCustomerPurchases", "GET", "/v1/customers/{customerId}/purchases")]
    public IAsyncEnumerable<Purchase> ListCustomerPurchasesAsync(Guid customerId, PurchaseQuery? query = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync<Purchase>($"/v1/customers/{customerId}/purchases", PurchaseFilters(query), pageSize, cancellationToken);

    /// <summary>Refunds part or all of a purchase; more than is left is a 409 problem with remainingAmount.</summary>
    [CrmOperation("RefundPurchase", "POST", "/v1/purchases/{id}/refunds")]
    public Task<Refund> RefundPurchaseAsync(Guid purchaseId, NewRefund refund, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<Refund>($"/v1/purchases/{purchaseId}/refunds", refund, idempotencyKey, cancellationToken);

    private static Dictionary<string, string?> PurchaseFilters(PurchaseQuery? query) => new()
    {
        ["from"] = query?.From is null ? null : Time(query.From),
        ["to"] = query?.To is null ? null : Time(query.To),
        ["channel"] = query?.Channel,
        ["currency"] = query?.Currency,
        ["minAmount"] = query?.MinAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
