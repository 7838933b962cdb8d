namespace Crm.Saas.Client;

[CrmSchema("CreateComplaintRequest")]
public sealed record NewComplaint
{
    public required Guid CustomerId { get; init; }

    public Guid? ContactId { get; init; }

    /// <summary>phone, email, web, store, social or partner.</summary>
    public required string Channel { get; init; }

    /// <summary>product, service, delivery, staff, billing or other.</summary>
    public required string Category { get; init; }

    /// <summary>1 (mild dissatisfaction) to 4 (very angry): sets the SLA targets.</summary>
    public required int Severity { get; init; }

    public required string Subject { get; init; }

    public required string Description { get; init; }

    public Guid? AssigneeUserId { get; init; }
}

[CrmSchema("ResolveComplaintRequest")]
public sealed record ComplaintResolution
{
    public required string ResolutionNote { get; init; }

    public required string RootCause { get; init; }

    public int? GoodwillPoints { get; init; }
}

[CrmSchema("ComplaintResponse")]
public sealed record Complaint
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public string Channel { get; init; } = "";

    public string Category { get; init; } = "";

    public int Severity { get; init; }

    public string Subject { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>open, acknowledged, in_progress, waiting_on_customer, resolved or closed.</summary>
    public string Status { get; init; } = "";

    /// <summary>The workflow actions possible now.</summary>
    public IReadOnlyList<string> AllowedActions { get; init; } = [];

    public int ReopenCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
