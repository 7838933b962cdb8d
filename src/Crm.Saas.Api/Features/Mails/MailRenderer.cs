using System.Globalization;
using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>Fills a template for one customer: the placeholder values, the unsubscribe link, the language.</summary>
public sealed class MailRenderer(UnsubscribeTokens tokens, IPointsBalance points, IOptions<MailOptions> options)
{
    public string UnsubscribeUrl(Guid tenantId, Guid customerId) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/v1/public/unsubscribe?token={tokens.Issue(tenantId, customerId)}";

    public async Task<(MailContent Content, string Language)> RenderAsync(
        TenantDbContext db, TenantInfo tenant, Customer customer, Mail mail, CancellationToken cancellationToken)
    {
        var language = MailTemplates.LanguageFor(customer.PreferredLanguage);
        var (template, _, _, _) = await MailTemplates.ResolveAsync(db, mail.Kind, language, cancellationToken);
        var balance = await points.BalanceAsync(db, customer.Id, cancellationToken);
        var values = Values(tenant, customer.Name, customer.Email, balance, mail.OfferCode, mail.OfferPoints, UnsubscribeUrl(tenant.Id, customer.Id),
            mail.Link, mail.ExpiringPoints, mail.ExpiresAt);
        return (MailTemplates.Render(template, values), language);
    }

    public static Dictionary<string, string> Values(
        TenantInfo tenant, string name, string? email, long balance, string? offerCode, long? offerPoints, string unsubscribeUrl,
        string? link = null, long? expiringPoints = null, DateTime? expiresAt = null, StaffValues? staff = null) => new()
    {
        ["customer.name"] = name,
        ["customer.email"] = email ?? "",
        ["tenant.name"] = tenant.Name,
        ["points.balance"] = balance.ToString(CultureInfo.InvariantCulture),
        ["offer.code"] = offerCode ?? "",
        ["offer.points"] = (offerPoints ?? 0).ToString(CultureInfo.InvariantCulture),
        ["unsubscribe_url"] = unsubscribeUrl,
        ["survey.url"] = link ?? "",
        ["points.expiring"] = (expiringPoints ?? 0).ToString(CultureInfo.InvariantCulture),
        ["points.expires_on"] = expiresAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        ["complaint.subject"] = staff?.ComplaintSubject ?? "",
        ["complaint.id"] = staff?.ComplaintId.ToString() ?? "",
        ["sla.target"] = staff?.Target ?? "",
        ["sla.due_at"] = staff?.DueAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>What a staff mail about a complaint's missed target shows.</summary>
public sealed record StaffValues(Guid ComplaintId, string ComplaintSubject, string Target, DateTime DueAt);
