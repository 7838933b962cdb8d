using Crm.Saas.Api.Features.Contacts;
using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Complaints' side of the mail outbox. The survey is a transactional <c>survey</c> mail: it goes without marketing
/// consent and without unsubscribe headers, but not to a customer who unsubscribed (see <see cref="MailSender"/>).
/// It goes to the complaint's contact when that contact has an email, else to the customer. Its dedupe key is the
/// complaint and the survey's nonce: one mail per survey issued, and a complaint reopened and resolved again (new
/// nonce, the old link void) gets one more with the new link. SLA breaches go to staff as <c>sla_breach</c> mails.
/// </summary>
internal sealed class ComplaintMail(CatalogDbContext catalog) : IComplaintMail
{
    public static string SurveyKey(Complaint complaint) => $"survey:{complaint.Id}:{complaint.SurveyNonce}";

    public static string BreachKey(Complaint complaint, SlaBreachKind kind, Guid userId) =>
        $"sla_breach:{complaint.Id}:{SnakeCaseEnumConverter<SlaBreachKind>.ToWord(kind)}:{complaint.ReopenCount}:{userId}";

    /// <summary>
    /// One <c>sla_breach</c> staff mail to each user to notify who is still a member of the tenant, rendered now (in
    /// <c>en</c>: users have no language preference) from the tenant's template. Keyed per complaint, target, reopening
    /// and user: a breach is mailed once, and a resolution missed again after a reopen is mailed again.
    /// </summary>
    public async Task SlaBreachedAsync(TenantDbContext db, TenantInfo tenant, Complaint complaint, SlaBreachKind kind, IReadOnlyCollection<Guid> notifyUserIds,
        DateTime at, CancellationToken cancellationToken)
    {
        var ids = notifyUserIds.ToList();
        var users = await catalog.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenant.Id && ids.Contains(m.UserId))
            .Join(catalog.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email })
            .ToListAsync(cancellationToken);
        var keys = users.ToDictionary(u => u.Id, u => BreachKey(complaint, kind, u.Id));
        var existing = await MailOutbox.ExistingAsync(db, [.. keys.Values], cancellationToken);
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == complaint.CustomerId, cancellationToken);
        if (customer is null)
        {
            return;
        }

        var (template, _, _, _) = await MailTemplates.ResolveAsync(db, MailKind.SlaBreach, MailTemplates.Fallback, cancellationToken);
        var staff = new StaffValues(complaint.Id, complaint.Subject, kind == SlaBreachKind.FirstResponse ? "first response" : "resolution",
            kind == SlaBreachKind.FirstResponse ? complaint.FirstResponseDueAt : complaint.ResolutionDueAt);
        var content = MailTemplates.Render(template, MailRenderer.Values(tenant, customer.Name, customer.Email, 0, null, null, "", staff: staff));
        foreach (var user in users.Where(u => !existing.Contains(keys[u.Id])))
        {
            var mail = MailOutbox.Queue(db, complaint.CustomerId, user.Email, MailKind.SlaBreach, keys[user.Id], at, at);
            // The subject column holds 500: a long template filled with long names must not fail the SLA job.
            var subject = content.Subject.Length > 500 ? content.Subject[..500] : content.Subject;
            (mail.Subject, mail.HtmlBody, mail.TextBody, mail.Language) = (subject, content.HtmlBody, content.TextBody, MailTemplates.Fallback);
        }
    }

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
