using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Customers.Contracts;

/// <summary>
/// What a newly created customer is sent, queued in the same save as the customer; implemented by mails, so that
/// customers need not know the mail feature (which itself reads customers).
/// </summary>
public interface INewCustomerMail
{
    void QueueFor(TenantDbContext db, Customer customer, DateTime now);
}
