using System.Net.Http.Json;

namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>Takes in a complaint from any channel; its SLA clock starts now.</summary>
    [CrmOperation("CreateComplaint", "POST", "/v1/complaints")]
    public Task<Complaint> CreateComplaintAsync(NewComplaint complaint, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<Complaint>("/v1/complaints", complaint, idempotencyKey, cancellationToken);

    [CrmOperation("GetComplaint", "GET", "/v1/complaints/{id}")]
    public Task<Versioned<Complaint>> GetComplaintAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadVersionedAsync<Complaint>($"/v1/complaints/{id}", cancellationToken);

    /// <summary>The first response: stops the first-response clock. An impossible step is a 409 listing the allowed ones.</summary>
    [CrmOperation("AcknowledgeComplaint", "POST", "/v1/complaints/{id}/acknowledge")]
    public Task<Complaint> AcknowledgeComplaintAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync<Complaint>(HttpMethod.Post, $"/v1/complaints/{id}/acknowledge", null, cancellationToken);

    [CrmOperation("StartComplaint", "POST", "/v1/complaints/{id}/start")]
    public Task<Complaint> StartComplaintAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync<Complaint>(HttpMethod.Post, $"/v1/complaints/{id}/start", null, cancellationToken);

    /// <summary>Resolves with a note and a root cause (both required), optionally granting goodwill points.</summary>
    [CrmOperation("ResolveComplaint", "POST", "/v1/complaints/{id}/resolve")]
    public Task<Complaint> ResolveComplaintAsync(Guid id, ComplaintResolution resolution, CancellationToken cancellationToken = default) =>
        ReadAsync<Complaint>(HttpMethod.Post, $"/v1/complaints/{id}/resolve", JsonContent.Create(resolution, options: Json), cancellationToken);
}
