using System.Text.Json.Nodes;

namespace Crm.Saas.Api.Infrastructure.OpenApi;

/// <summary>
/// The words the document uses for names that recur across features (query parameters, properties, tags), kept in one
/// place so that a new endpoint gets descriptions and examples without writing any. A name not listed here still gets
/// a description made from the name itself; add a line here when a better one is worth it.
/// </summary>
internal static class OpenApiWords
{
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Signup"] = "Sign a business up: a new tenant and its owner.",
        ["Auth"] = "Access tokens for users: sign in, refresh, sign out.",
        ["Users"] = "The tenant's members, their roles and invitations.",
        ["API keys"] = "Partners' API keys: issued by owners and admins, scoped, revocable.",
        ["Audit"] = "Every write in the tenant, for admins.",
        ["Customers"] = "People and organisations the business sells to; partner sync (external ids, batches, change feed).",
        ["Contacts"] = "The people at an organisation customer.",
        ["Interactions"] = "Calls, emails, meetings and notes with a customer.",
        ["Timeline"] = "Everything that happened to a customer, newest first.",
        ["Purchases"] = "Sales and refunds; they drive lifecycle stages, RFM and loyalty.",
        ["Lifecycle"] = "The tenant's lifecycle rules (lapse window, loyal threshold).",
        ["Complaints"] = "Complaints, their SLA and resolution.",
        ["Loyalty"] = "Points ledger, balances, earning rules and redemption.",
        ["Mails"] = "Lifecycle mails: welcome and win-back, templates and log.",
        ["Campaigns"] = "Campaigns to customer segments.",
        ["Billing"] = "The tenant's plan and subscription.",
    };

    /// <summary>Query parameters that are whole numbers (taken as text, validated as numbers).</summary>
    public static readonly IReadOnlySet<string> IntegerParameters = new HashSet<string>(StringComparer.Ordinal) { "limit", "minMonetary", "minAmount", "minPoints", "severity" };

    /// <summary>Query parameters that are true or false (taken as text, validated as a boolean).</summary>
    public static readonly IReadOnlySet<string> BooleanParameters = new HashSet<string>(StringComparer.Ordinal) { "breached", "openOnly" };

    /// <summary>Query parameters that are ids (taken as text, validated as a UUID).</summary>
    public static readonly IReadOnlySet<string> IdParameters = new HashSet<string>(StringComparer.Ordinal) { "customerId", "assigneeUserId", "actorId" };

    /// <summary>Query parameters that take one word of an enum (taken as text, validated against its snake_case words).</summary>
    public static readonly IReadOnlyDictionary<string, Type> EnumParameters = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["stage"] = typeof(Features.Customers.LifecycleStage),
        ["segment"] = typeof(Features.Customers.RfmSegment),
        ["channel"] = typeof(Features.Purchases.PurchaseChannel),
        ["status"] = typeof(Features.Complaints.ComplaintStatus),
        ["category"] = typeof(Features.Complaints.ComplaintCategory),
    };

    /// <summary>Query parameters that are UTC times (taken as text, validated as ISO 8601).</summary>
    public static readonly IReadOnlySet<string> TimeParameters = new HashSet<string>(StringComparer.Ordinal) { "from", "to", "updatedSince", "since", "until", "before", "after" };

    /// <summary>Query and path parameters, by name: description and example.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, JsonNode? Example)> Parameters =
        new Dictionary<string, (string, JsonNode?)>(StringComparer.Ordinal)
        {
            ["limit"] = ("How many items per page, 1 to 200 (default 50).", 50),
            ["cursor"] = ("Where to continue: nextCursor from the previous page, passed back unchanged. Omit it for the first page.", "eyJJZCI6IjAxOTNm…"),
            ["q"] = ("Search text, case-insensitive.", "mei"),
            ["tag"] = ("Only customers with this tag.", "vip"),
            ["stage"] = ("Only customers in this lifecycle stage (prospect, active, loyal, at_risk, lapsed, won_back, churned).", "at_risk"),
            ["segment"] = ("Only customers in this RFM segment (champions, loyal, potential, needs_attention, at_risk, cant_lose, hibernating, lost).", "champions"),
            ["minMonetary"] = ("Only customers with at least this RFM monetary score, 1 to 5.", 4),
            ["updatedSince"] = ("Turns the list into the change feed: changes (deletions as tombstones) since this UTC time, in change order.", "2026-01-01T00:00:00Z"),
            ["from"] = ("From this UTC time on (inclusive).", "2026-03-01T00:00:00Z"),
            ["to"] = ("Up to this UTC time (exclusive).", "2026-04-01T00:00:00Z"),
            ["channel"] = ("Only this channel.", "store"),
            ["currency"] = ("Only this ISO 4217 currency.", "EUR"),
            ["minAmount"] = ("Only amounts of at least this, in minor units.", 1000),
            ["types"] = ("Comma-separated event types to include.", "contact.added,interaction.logged"),
            ["actorId"] = ("Only what this user or API key did.", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["entityType"] = ("Only changes to this kind of entity.", "customer"),
            ["entityId"] = ("Only changes to this entity.", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["status"] = ("Only items in this status.", "open"),
            ["externalId"] = ("The partner's own id for the customer.", "shop-4711"),
            ["customerId"] = ("The customer's id.", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["userId"] = ("The user's id.", "0193f0c1-2b3c-7d4e-8f5a-6b7c8d9e0f1a"),
            ["purchaseId"] = ("The purchase's id.", "0193f0c3-1c2d-7e3f-9a4b-5c6d7e8f9a0b"),
            ["contactId"] = ("The contact's id.", "0193f0c2-6a2b-7d11-8e0f-4a5b6c7d8e9f"),
            ["complaintId"] = ("The complaint's id.", "0193f0c4-2d3e-7f4a-8b5c-6d7e8f9a0b1c"),
        };

    /// <summary>Properties, by JSON name: description and example, used where the type's own docs say nothing.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, JsonNode? Example)> Properties =
        new Dictionary<string, (string, JsonNode?)>(StringComparer.Ordinal)
        {
            ["id"] = ("The id (UUIDv7).", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["data"] = ("The items of this page.", null),
            ["nextCursor"] = ("Pass it as cursor to get the next page; null on the last page.", "eyJJZCI6IjAxOTNm…"),
            ["createdAt"] = ("When it was created (UTC).", "2026-03-01T10:15:00Z"),
            ["updatedAt"] = ("When it last changed (UTC).", "2026-03-02T08:00:00Z"),
            ["occurredAt"] = ("When it happened (UTC).", "2026-03-01T10:15:00Z"),
            ["deletedAt"] = ("When it was deleted (UTC).", null),
            ["expiresAt"] = ("When it expires (UTC); null for never.", "2027-01-01T00:00:00Z"),
            ["revokedAt"] = ("When it was revoked (UTC).", null),
            ["lastUsedAt"] = ("When it was last used (UTC).", null),
            ["customerId"] = ("The customer's id.", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["contactId"] = ("The contact's id.", "0193f0c2-6a2b-7d11-8e0f-4a5b6c7d8e9f"),
            ["purchaseId"] = ("The purchase's id.", "0193f0c3-1c2d-7e3f-9a4b-5c6d7e8f9a0b"),
            ["tenantId"] = ("The tenant's id.", "0193f0c1-0a1b-7c2d-8e3f-4a5b6c7d8e9f"),
            ["userId"] = ("The user's id.", "0193f0c1-2b3c-7d4e-8f5a-6b7c8d9e0f1a"),
            ["name"] = ("The name.", "Mei Lin"),
            ["email"] = ("The email address.", "mei@example.com"),
            ["phone"] = ("The phone number.", "+886 2 2345 6789"),
            ["title"] = ("The job title.", "Head of purchasing"),
            ["tags"] = ("Free-form tags.", new JsonArray("vip")),
            ["amount"] = ("An amount in minor units of the currency (4200 = 42.00 EUR).", 4200),
            ["currency"] = ("The ISO 4217 currency code.", "EUR"),
            ["refundedAmount"] = ("How much has been refunded, in minor units.", 0),
            ["remainingAmount"] = ("How much can still be refunded, in minor units.", 4200),
            ["externalRef"] = ("The partner's own reference for the sale; the same one again replays the first purchase.", "pos-10042"),
            ["externalId"] = ("The partner's own id (unique in the tenant): the key for sync and upserts.", "shop-4711"),
            ["reason"] = ("Why, in a few words.", "One tin arrived dented"),
            ["summary"] = ("A short summary.", "Sent the spring price list."),
            ["scopes"] = ("What the API key may do, such as customers:read or purchases:write.", new JsonArray("customers:read", "customers:write")),
            ["prefix"] = ("The key's public prefix, naming it in lists.", "crm_live_ab12cd34"),
            ["key"] = ("The secret API key, shown in this answer only.", "crm_live_ab12cd34_0123456789abcdef0123456789abcdef"),
            ["accessToken"] = ("A short-lived JWT access token: send it as Authorization: Bearer.", "eyJhbGciOiJIUzI1NiIs…"),
            ["refreshToken"] = ("A single-use token that gets a new access token from POST /v1/auth/refresh.", "rt_0123456789abcdef"),
            ["tokenType"] = ("Always Bearer.", "Bearer"),
            ["expiresIn"] = ("Seconds until the access token expires.", 900),
            ["slug"] = ("The tenant's short name: 3 to 40 of a-z, 0-9 and -.", "acme-tea"),
            ["tenant"] = ("The tenant's slug.", "acme-tea"),
            ["companyName"] = ("The business's name.", "Acme Tea"),
            ["ownerEmail"] = ("The owner's email address, used to sign in.", "owner@acme.example"),
            ["ownerPassword"] = ("The owner's password (at least 12 characters).", "Quiet-harbour-2026"),
            ["password"] = ("A password (at least 12 characters).", "Quiet-harbour-2026"),
            ["token"] = ("A single-use token.", "inv_0123456789abcdef"),
            ["role"] = ("The role.", null),
            ["kind"] = ("What kind of thing it is.", null),
            ["source"] = ("Where the customer came from (a channel or campaign name).", "instagram"),
            ["birthday"] = ("Date of birth.", "1990-05-17"),
            ["isPrimary"] = ("Whether this is the organisation's primary contact; setting it demotes the previous one.", true),
            ["deleted"] = ("True for a deletion in the change feed (a tombstone).", false),
            ["version"] = ("The resource's version, as in its ETag.", 1),
            ["index"] = ("The item's position in the request, from 0.", 0),
            ["items"] = ("The items, in order.", null),
            ["results"] = ("One result per item, in the request's order.", null),
            ["quantity"] = ("How many.", 2),
            ["sku"] = ("The stock-keeping unit.", "TEA-OOLONG-100"),
            ["lapseDays"] = ("Days without a purchase after which a customer has lapsed (7 to 3650).", 90),
            ["loyalMinPurchases"] = ("Purchases in the last 365 days that make a customer loyal (2 to 100).", 3),
            ["type"] = ("The type.", null),
            ["direction"] = ("Inbound or outbound.", null),
            ["action"] = ("What was done.", "customer.created"),
            ["entityType"] = ("The kind of entity.", "customer"),
            ["entityId"] = ("The entity's id.", "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e"),
            ["actorId"] = ("Who did it: a user's or API key's id.", "0193f0c1-2b3c-7d4e-8f5a-6b7c8d9e0f1a"),
            ["acceptUrl"] = ("Where the invited person accepts.", "https://app.crm-saas.dev/invitations/accept?token=inv_0123"),
        };

    /// <summary>"lifetimeSpend" → "Lifetime spend.": the fallback description for a name nobody described.</summary>
    public static string Humanize(string name)
    {
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.Append('.').ToString();
    }
}
