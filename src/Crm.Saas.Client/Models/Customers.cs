namespace Crm.Saas.Client;

/// <summary>A new customer (also the body of an upsert by external id).</summary>
[CrmSchema("CustomerFields")]
public sealed record NewCustomer
{
    /// <summary>person or organization (<see cref="CustomerKinds"/>).</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public DateOnly? Birthday { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? Source { get; init; }

    public Consent? Consent { get; init; }

    public string? ExternalId { get; init; }
}

[CrmSchema("ConsentFields")]
public sealed record Consent(bool Email, bool Sms);

[CrmSchema("CustomerResponse")]
public sealed record Customer
{
    public Guid Id { get; init; }

    public string Kind { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public DateOnly? Birthday { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Source { get; init; }

    public Consent Consent { get; init; } = new(false, false);

    /// <summary>prospect, active, loyal, at_risk, lapsed, won_back or churned (more may come: treat unknown ones gracefully).</summary>
    public string LifecycleStage { get; init; } = "";

    public string? ExternalId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool Deleted { get; init; }

    public int OpenComplaints { get; init; }

    public CustomerStats Stats { get; init; } = new();

    public CustomerRfm? Rfm { get; init; }
}

[CrmSchema("CustomerStats")]
public sealed record CustomerStats
{
    public int PurchaseCount { get; init; }

    public long LifetimeSpend { get; init; }

    public DateTimeOffset? FirstPurchaseAt { get; init; }

    public DateTimeOffset? LastPurchaseAt { get; init; }
}

[CrmSchema("CustomerRfm")]
public sealed record CustomerRfm
{
    public int Recency { get; init; }

    public int Frequency { get; init; }

    public int Monetary { get; init; }

    public string Segment { get; init; } = "";
}

/// <summary>Filters of <see cref="CrmSaasClient.ListCustomersAsync"/>; all optional.</summary>
public sealed record CustomerQuery
{
    public string? Q { get; init; }

    public string? Tag { get; init; }

    public string? Stage { get; init; }

    public string? Segment { get; init; }

    public int? MinMonetary { get; init; }

    /// <summary>Turns the list into the change feed (tombstones included).</summary>
    public DateTimeOffset? UpdatedSince { get; init; }
}

public static class CustomerKinds
{
    public const string Person = "person";
    public const string Organization = "organization";
}
