namespace Crm.Saas.Api.Features.Customers;

/// <summary>A person or organisation the business sells to. Lives in the tenant's own store.</summary>
public sealed class Customer
{
    public Guid Id { get; init; }

    public CustomerKind Kind { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    /// <summary>Lower-cased email; unique among the tenant's live customers.</summary>
    public string? EmailNormalized { get; private set; }

    public string? Phone { get; set; }

    public DateOnly? Birthday { get; set; }

    public List<string> Tags { get; set; } = [];

    public string? Source { get; set; }

    public bool ConsentEmail { get; set; }

    public bool ConsentSms { get; set; }

    /// <summary>Where the email consent (or opt-out) came from, e.g. <c>api</c>, <c>store</c>, <c>unsubscribe_link</c>.</summary>
    public string? ConsentEmailSource { get; set; }

    /// <summary>When the email consent was last given or withdrawn.</summary>
    public DateTime? ConsentEmailAt { get; set; }

    public string? ConsentSmsSource { get; set; }

    public DateTime? ConsentSmsAt { get; set; }

    /// <summary>BCP 47 tag of the language the customer prefers mails in (<c>en</c>, <c>zh-TW</c>); null means the tenant's default.</summary>
    public string? PreferredLanguage { get; set; }

    /// <summary>Complaints not yet resolved or closed; kept by the complaint workflow so lists and campaigns can filter cheaply.</summary>
    public int OpenComplaints { get; set; }

    public LifecycleStage LifecycleStage { get; set; } = LifecycleStage.Prospect;

    /// <summary>The partner's own id for this customer; unique per tenant among live customers.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Purchase facts kept on the customer for lifecycle, RFM and win-back (net of refunds).</summary>
    public DateTime? FirstPurchaseAt { get; set; }

    public DateTime? LastPurchaseAt { get; set; }

    public int PurchaseCount { get; set; }

    /// <summary>Lifetime spend in minor units, net of refunds (the tenant's currency).</summary>
    public long LifetimeSpend { get; set; }

    /// <summary>When the customer last moved to <c>lapsed</c>; a purchase after it is a win-back.</summary>
    public DateTime? LapsedAt { get; set; }

    /// <summary>RFM scores 1–5 (quintiles within the tenant) and the named segment; null until first computed.</summary>
    public int? RecencyScore { get; set; }

    public int? FrequencyScore { get; set; }

    public int? MonetaryScore { get; set; }

    public RfmSegment? Segment { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Soft delete: the row stays for history, hidden from reads, and its email is free again.</summary>
    public DateTime? DeletedAt { get; private set; }

    /// <summary>
    /// Set by the database on every insert and update, in commit order as far as readers can tell: the writing
    /// transaction's id on PostgreSQL, a counter on SQLite (one writer at a time). The incremental feed pages by it.
    /// </summary>
    public long ChangeVersion { get; private set; }

    /// <summary>Bumped on every change; the ETag, and the optimistic concurrency token.</summary>
    public int Version { get; private set; } = 1;

    public void SetEmail(string? email)
    {
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        EmailNormalized = Email?.ToLowerInvariant();
    }

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    public void Delete(DateTime now)
    {
        DeletedAt = now;
        EmailNormalized = null;
        Touch(now);
    }
}

public enum CustomerKind
{
    Person,
    Organization,
}

public enum RfmSegment
{
    Champions,
    Loyal,
    Potential,
    NeedsAttention,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

public enum LifecycleStage
{
    Prospect,
    Active,
    Loyal,
    AtRisk,
    Lapsed,
    WonBack,
    Churned,
}
