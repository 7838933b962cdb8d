using System.Collections.Frozen;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// What an API key may be granted: a read and a write scope per resource, declared here once. A key may hold scopes
/// for resources not served yet, so that a partner's key can be issued once for its whole integration.
/// </summary>
public static class Scopes
{
    public const string CustomersRead = "customers:read";
    public const string CustomersWrite = "customers:write";
    public const string ContactsRead = "contacts:read";
    public const string ContactsWrite = "contacts:write";
    public const string PurchasesRead = "purchases:read";
    public const string PurchasesWrite = "purchases:write";
    public const string InteractionsRead = "interactions:read";
    public const string InteractionsWrite = "interactions:write";
    public const string ComplaintsRead = "complaints:read";
    public const string ComplaintsWrite = "complaints:write";
    public const string LoyaltyRead = "loyalty:read";
    public const string LoyaltyWrite = "loyalty:write";
    public const string MailsRead = "mails:read";
    public const string MailsWrite = "mails:write";
    public const string CampaignsRead = "campaigns:read";
    public const string CampaignsWrite = "campaigns:write";

    /// <summary>The (read, write) pair of each resource. Write does not imply read: a key gets exactly what it lists.</summary>
    public static readonly IReadOnlyList<(string Read, string Write)> Pairs =
    [
        (CustomersRead, CustomersWrite),
        (ContactsRead, ContactsWrite),
        (PurchasesRead, PurchasesWrite),
        (InteractionsRead, InteractionsWrite),
        (ComplaintsRead, ComplaintsWrite),
        (LoyaltyRead, LoyaltyWrite),
        (MailsRead, MailsWrite),
        (CampaignsRead, CampaignsWrite),
    ];

    public static readonly IReadOnlyList<string> All = Pairs.SelectMany(p => new[] { p.Read, p.Write }).ToList();

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string? scope) => scope is not null && Known.Contains(scope);
}
