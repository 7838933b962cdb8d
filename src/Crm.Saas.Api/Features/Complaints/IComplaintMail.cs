using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The seam between complaints and the mail pipeline (built separately). Until an implementation is registered
/// (<c>services.AddScoped&lt;IComplaintMail, …&gt;()</c>), breaches are recorded on the timeline with the users to
/// notify, and surveys wait with <c>surveyDueAt</c> set and <c>surveySentAt</c> empty; once one is registered, the
/// SLA job hands over new breaches and every due, unsent survey. Calls run inside the job's tenant transaction: add
/// outbox rows to <paramref name="db"/> rather than sending from here, so a mail goes out once, with the change.
/// </summary>
public interface IComplaintMail
{
    /// <summary>Tell the assignee and the tenant's admins (<paramref name="notifyUserIds"/>) that a complaint missed a target.</summary>
    Task SlaBreachedAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, SlaBreachKind kind, IReadOnlyCollection<Guid> notifyUserIds,
        DateTime at, CancellationToken cancellationToken);

    /// <summary>Send the satisfaction survey link to the complaint's customer (or contact).</summary>
    Task SurveyDueAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, string surveyUrl, DateTime at, CancellationToken cancellationToken);
}
