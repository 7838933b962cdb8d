using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// The welcome mail, queued with the new customer in the same save (create, partner upsert, batch), due
/// <see cref="MailOptions.WelcomeDelay"/> later. Its dedupe key is the customer's id, so it exists at most once;
/// replays and updates never create customers, so they never queue one.
/// </summary>
public sealed class WelcomeMail(IOptions<MailOptions> options) : INewCustomerMail
{
    public static string DedupeKey(Guid customerId) => $"welcome:{customerId}";

    public void QueueFor(TenantDbContext db, Customer customer, DateTime now)
    {
        if (customer.Email is not { Length: > 0 } email)
        {
            return;
        }

        MailOutbox.Queue(db, customer.Id, email, MailKind.Welcome, DedupeKey(customer.Id), now, now + options.Value.WelcomeDelay);
    }
}
