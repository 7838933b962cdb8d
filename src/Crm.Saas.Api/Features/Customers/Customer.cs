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

    public LifecycleStage LifecycleStage { get; set; } = LifecycleStage.Prospect;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Soft delete: the row stays for history, hidden from reads, and its email is free again.</summary>
    public DateTime? DeletedAt { get; private set; }

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
