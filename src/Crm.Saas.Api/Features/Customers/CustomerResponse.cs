namespace Crm.Saas.Api.Features.Customers;

/// <summary>A customer as the API shows it.</summary>
public sealed record CustomerResponse(
    Guid Id,
    CustomerKind Kind,
    string Name,
    string? Email,
    string? Phone,
    DateOnly? Birthday,
    IReadOnlyList<string> Tags,
    string? Source,
    ConsentResponse Consent,
    string? PreferredLanguage,
    LifecycleStage LifecycleStage,
    string? ExternalId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool Deleted,
    int OpenComplaints,
    CustomerStats Stats,
    CustomerRfm? Rfm)
{
    public static CustomerResponse From(Customer c) => new(
        c.Id, c.Kind, c.Name, c.Email, c.Phone, c.Birthday, c.Tags, c.Source,
        new ConsentResponse(c.ConsentEmail, c.ConsentSms, c.ConsentEmailSource, c.ConsentEmailAt, c.ConsentSmsSource, c.ConsentSmsAt),
        c.PreferredLanguage, c.LifecycleStage, c.ExternalId, c.CreatedAt, c.UpdatedAt, c.DeletedAt is not null, c.OpenComplaints,
        new CustomerStats(c.PurchaseCount, c.LifetimeSpend, c.FirstPurchaseAt, c.LastPurchaseAt),
        c is { RecencyScore: { } r, FrequencyScore: { } f, MonetaryScore: { } m, Segment: { } segment } ? new CustomerRfm(r, f, m, segment) : null);
}

/// <summary>Purchase facts: count, lifetime spend in minor units net of refunds, first and last purchase.</summary>
public sealed record CustomerStats(int PurchaseCount, long LifetimeSpend, DateTime? FirstPurchaseAt, DateTime? LastPurchaseAt);

/// <summary>RFM scores 1–5 (quintiles within the tenant, 5 best) and the segment; null until the nightly run first scores the customer.</summary>
public sealed record CustomerRfm(int Recency, int Frequency, int Monetary, RfmSegment Segment);
