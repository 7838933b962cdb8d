namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>Adds a person at an organisation customer (a person customer is a 409 problem).</summary>
    [CrmOperation("AddContact", "POST", "/v1/customers/{customerId}/contacts")]
    public Task<Contact> AddContactAsync(Guid customerId, NewContact contact, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<Contact>($"/v1/customers/{customerId}/contacts", contact, idempotencyKey, cancellationToken);

    [CrmOperation("GetContact", "GET", "/v1/customers/{customerId}/contacts/{id}")]
    public Task<Versioned<Contact>> GetContactAsync(Guid customerId, Guid id, CancellationToken cancellationToken = default) =>
        ReadVersionedAsync<Contact>($"/v1/customers/{customerId}/contacts/{id}", cancellationToken);

    /// <summary>The customer's contacts in the order they were added.</summary>
    [CrmOperation("ListContacts", "GET", "/v1/customers/{customerId}/contacts")]
    public IAsyncEnumerable<Contact> ListContactsAsync(Guid customerId, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync<Contact>($"/v1/customers/{customerId}/contacts", new Dictionary<string, string?>(), pageSize, cancellationToken);

    [CrmOperation("RemoveContact", "DELETE", "/v1/customers/{customerId}/contacts/{id}")]
    public Task RemoveContactAsync(Guid customerId, Guid id, string ifMatch, CancellationToken cancellationToken = default) =>
        DeleteAsync($"/v1/customers/{customerId}/contacts/{id}", ifMatch, cancellationToken);
}
