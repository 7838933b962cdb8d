using System.Text.Json.Serialization;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>A new complaint, from any channel.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record CreateComplaintRequest
{
    public Guid? CustomerId { get; init; }

    /// <summary>One of the customer's contacts (organisation customers).</summary>
    public Guid? ContactId { get; init; }

    /// <example>phone</example>
    public ComplaintChannel? Channel { get; init; }

    /// <example>delivery</example>
    public ComplaintCategory? Category { get; init; }

    /// <summary>1 mild dissatisfaction … 4 very angry.</summary>
    /// <example>3</example>
    public int? Severity { get; init; }

    /// <example>Parcel arrived crushed</example>
    public string? Subject { get; init; }

    /// <example>The tea tins were dented and one had split open.</example>
    public string? Description { get; init; }

    /// <summary>A member of the tenant who handles it.</summary>
    public Guid? AssigneeUserId { get; init; }
}

/// <summary>The editable fields; the shape a merge patch is applied to. Status moves only through the actions.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record ComplaintFields
{
    public Guid? ContactId { get; init; }

    public ComplaintChannel? Channel { get; init; }

    public ComplaintCategory? Category { get; init; }

    public int? Severity { get; init; }

    public string? Subject { get; init; }

    public string? Description { get; init; }

    public Guid? AssigneeUserId { get; init; }

    public static ComplaintFields From(Complaint c) => new()
    {
        ContactId = c.ContactId,
        Channel = c.Channel,
        Category = c.Category,
        Severity = c.Severity,
        Subject = c.Subject,
        Description = c.Description,
        AssigneeUserId = c.AssigneeUserId,
    };
}

/// <summary>What resolving takes: a note for the customer's file, the root cause, and optional goodwill points.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record ResolveComplaintRequest
{
    /// <example>Replaced both tins and refunded the shipping.</example>
    public string? ResolutionNote { get; init; }

    /// <example>Courier packed heavy parcels on top</example>
    public string? RootCause { get; init; }

    /// <summary>Loyalty points granted as an apology, linked to the complaint.</summary>
    /// <example>500</example>
    public int? GoodwillPoints { get; init; }
}

public sealed record CommentRequest
{
    /// <example>Called the customer back; replacement ships tomorrow.</example>
    public string? Body { get; init; }

    /// <summary><c>internal</c> (staff only) or <c>customer</c> (may be shown to the customer).</summary>
    /// <example>internal</example>
    public CommentVisibility? Visibility { get; init; }
}

/// <summary>A survey answer: satisfaction 1 (very unhappy) to 5 (very happy), and an optional comment.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record SurveyAnswerRequest
{
    /// <example>4</example>
    public int? Score { get; init; }

    /// <example>Quick and friendly, thank you.</example>
    public string? Comment { get; init; }
}
