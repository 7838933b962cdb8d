using Crm.Saas.Api.Features.Contacts;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Complaints' side of the mail outbox. The survey is a transactional <c>survey</c> mail: it goes without marketing
/// consent and without unsubscribe headers, but not to a customer who unsubscribed (see <see cref="MailSender"/>).
/// It goes to the complaint's contact when that contact has an email, else to the customer. Its dedupe key is the
/// complaint and the survey's nonce: one mail per survey issued, and a complaint reopened and resolved again (new
/// nonce, the old link void) gets one more with the new link.
/// </summary>
internal sealed class ComplaintMail : IComplaintMail
{
    public static string SurveyKey(Complaint complaint) => $"survey:{complaint.Id}:{complaint.SurveyNonce}";

    /// <summary>
    /// Not mailed: staff have no mail recipient in the outbox yet. The breach is recorded by <see cref="SlaBreaches.Mark"/>
    /// as a <c>complaint.sla_breached</c> timeline event naming the users to notify (<c>notifyUserIds</c>).
    /// </summary>
    public Task SlaBreachedAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, SlaBreachKind kind, IReadOnlyCollection<Guid> notifyUserIds,
        DateTime at, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> SurveyDueAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, string surveyUrl, DateTime at, CancellationToken cancellationToken)
    {
        var contactEmail = complaint.ContactId is { } contactId
            ? await db.Set<Contact>().Where(c => c.Id == contactId && c.DeletedAt == null).Select(c => c.Email).FirstOrDefaultAsync(cancellationToken)
            : null;
        var recipient = contactEmail is { Length: > 0 }
            ? contactEmail
            : await db.Customers.Where(c => c.Id == complaint.CustomerId && c.DeletedAt == null).Select(c => c.Email).FirstOrDefaultAsync(cancellationToken);
        if (recipient is not { Length: > 0 })
        {
            return false; // nobody to mail: the survey stays due and unsent
        }

        var key = SurveyKey(complaint);
        if (!await MailOutbox.ExistsAsync(db, key, cancellationToken))
        {
            MailOutbox.Queue(db, complaint.CustomerId, recipient, MailKind.Survey, key, at, at, link: surveyUrl);
        }

        return true;
    }
}
