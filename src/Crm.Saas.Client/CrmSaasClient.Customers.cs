using System.Globalization;

namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>Creates a customer; a duplicate email is a 409 problem naming the existing customer.</summary>
    [CrmOperation("CreateCustomer", "POST", "/v1/customers")]
    public Task<Customer> CreateCustomerAsync(NewCustomer customer, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<Customer>("/v1/customers", customer, idempotencyKey, cancellationToken);

    /// <summary>Reads a customer with its ETag (for If-Match).</summary>
    [CrmOperation("GetCustomer", "GET", "/v1/customers/{id}")]
    public Task<Versioned<Customer>> GetCustomerAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadVersionedAsync<Customer>($"/v1/customers/{id}", cancellationToken);

    /// <summary>
    /// Every customer matching the filters, following nextCursor. With <see cref="CustomerQuery.UpdatedSince"/> it is
    /// the change feed, which ends at the first empty page.
    /// </summary>
    [CrmOperation("ListCustomers", "GET", "/v1/customers")]
    public IAsyncEnumerable<Customer> ListCustomersAsync(CustomerQuery? query = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync<Customer>("/v1/customers", new Dictionary<string, string?>
        {
            ["q"] = query?.Q,
            ["tag"] = query?.Tag,
            ["stage"] = query?.Stage,
            ["segment"] = query?.Segment,
            ["minMonetary"] = query?.MinMonetary?.ToString(CultureInfo.InvariantCulture),
            ["updatedSince"] = query?.UpdatedSince is null ? null : Time(query.UpdatedSince),
        }, pageSize, cancellationToken);

    /// <summary>
    /// Changes a customer with a JSON Merge Patch (an anonymous object or a JsonObject; a null removes a field).
    /// <paramref name="ifMatch"/> is the ETag of your last read; a stale one is a 412 problem.
    /// </summary>
    [CrmOperation("UpdateCustomer", "PATCH", "/v1/customers/{id}")]
    public Task<Customer> UpdateCustomerAsync(Guid id, object patch, string ifMatch, CancellationToken cancellationToken = default) =>
        PatchAsync<Customer>($"/v1/customers/{id}", patch, ifMatch, cancellationToken);

    [CrmOperation("DeleteCustomer", "DELETE", "/v1/customers/{id}")]
    public Task DeleteCustomerAsync(Guid id, string ifMatch, CancellationToken cancellationToken = default) =>
        DeleteAsync($"/v1/customers/{id}", ifMatch, cancellationToken);

    /// <summary>Creates or replaces the customer you know by your own id (fields not sent are cleared).</summary>
    [CrmOperation("UpsertCustomerByExternalId", "PUT", "/v1/customers/by-external-id/{externalId}")]
    public Task<Customer> UpsertCustomerByExternalIdAsync(string externalId, NewCustomer customer, CancellationToken cancellationToken = default) =>
        ReadAsync<Customer>(HttpMethod.Put, $"/v1/customers/by-external-id/{Uri.EscapeDataString(externalId)}",
            System.Net.Http.Json.JsonContent.Create(customer, options: Json), cancellationToken);
}
