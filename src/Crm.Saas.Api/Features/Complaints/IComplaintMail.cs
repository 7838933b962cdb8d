using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The seam between complaints and the mail pipeline, implemented by <see cref="ComplaintMail"/> (registered by
/// <c>AddComplaints</c>). Breaches are always recorded on the timeline with the users to notify; the SLA job also
/// hands over new breaches and every due, unsent survey. Without an implementation surveys wait with
/// <c>surveyDueAt</c> set and <c>surveySentAt</c> empty. Calls run inside the job's tenant transaction: add outbox
/// rows to the given db rather than sending from here, so a mail goes out once, with the change.
/// </summary>
public interface IComplaintMail
{
    /// <summary>Tell the assignee and the tenant's admins (<paramref name="notifyUserIds"/>) that a complaint missed a target.</summary>
    Task SlaBreachedAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, SlaBreachKind kind, IReadOnlyCollection<Guid> notifyUserIds,
        DateTime at, CancellationToken cancellationToken);

    /// <summary>
    /// Send the satisfaction survey link to the complaint's customer (or contact). False when it could not be handed
    /// over (no email address): the survey then stays unsent and is offered again on the next pass.
    /// </summary>
    Task<bool> SurveyDueAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, string surveyUrl, DateTime at, CancellationToken cancellationToken);
}
