using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>Takes a complaint in: due times from the tenant's SLA policy, the customer flagged, the timeline told.</summary>
internal static class CreateComplaint
{
    public static async Task<IResult> Handle(
        CreateComplaintRequest request, TenantDbContext db, CatalogDbContext catalog, ITenantContextAccessor tenants, ComplaintViews views,
        CancellationToken cancellationToken)
    {
        var customerId = request.CustomerId!.Value;
        if (await ComplaintReferences.CheckAsync(db, catalog, tenants.Required.Id, customerId, request.ContactId, request.AssigneeUserId,
                checkCustomer: true, cancellationToken) is { } refused)
        {
            return refused;
        }

        var rules = await views.RulesAsync(cancellationToken);
        var now = views.Now;
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(),
            CustomerId = customerId,
            ContactId = request.ContactId,
            Channel = request.Channel!.Value,
            Category = request.Category!.Value,
            Severity = request.Severity!.Value,
            Subject = request.Subject!.Trim(),
            Description = request.Description!.Trim(),
            AssigneeUserId = request.AssigneeUserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        SlaClock.Start(complaint, rules, now);
        db.Set<Complaint>().Add(complaint);
        await OpenComplaintCount.AdjustAsync(db, customerId, +1, now, cancellationToken);
        Timeline.TimelineEvents.Record(db, customerId, now, "complaint.created",
            $"Complaint \"{complaint.Subject}\" ({Word(complaint.Category)}, severity {complaint.Severity}) via {Word(complaint.Channel)}.",
            "complaint", complaint.Id,
            new { category = Word(complaint.Category), channel = Word(complaint.Channel), complaint.Severity, complaint.ResolutionDueAt });
        await db.SaveChangesAsync(cancellationToken);
        return ResourceResults.Created(views.Show(complaint, rules), complaint.Version, $"/v1/complaints/{complaint.Id}");
    }

    internal static string Word<T>(T value)
        where T : struct, Enum => SnakeCaseEnumConverter<T>.ToWord(value);
}
