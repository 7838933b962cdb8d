using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// A customer's complaint and its way through the workflow. SLA due times are stored (computed from the tenant's
/// business hours at intake, shifted by waiting time); breach stamps are set once, by the job or a late transition.
/// </summary>
public sealed class Complaint
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public Guid? ContactId { get; set; }

    public ComplaintChannel Channel { get; set; }

    public ComplaintCategory Category { get; set; }

    /// <summary>1 mild dissatisfaction … 4 very angry.</summary>
    public int Severity { get; set; }

    public required string Subject { get; set; }

    public required string Description { get; set; }

    public Guid? AssigneeUserId { get; set; }

    public ComplaintStatus Status { get; set; } = ComplaintStatus.Open;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    /// <summary>The first resolution: a reopened complaint still counts as once resolved (reopen rate).</summary>
    public DateTime? FirstResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public int ReopenCount { get; set; }

    public string? ResolutionNote { get; set; }

    public string? RootCause { get; set; }

    public int? GoodwillPoints { get; set; }

    /// <summary>When the resolution clock (re)started: intake, or the last reopening.</summary>
    public DateTime ClockStartedAt { get; set; }

    public DateTime FirstResponseDueAt { get; set; }

    public DateTime ResolutionDueAt { get; set; }

    /// <summary>Set while waiting on the customer: the resolution clock is stopped.</summary>
    public DateTime? PausedSince { get; set; }

    /// <summary>Business minutes spent waiting since the clock started; the resolution due time is shifted by them.</summary>
    public int PausedBusinessMinutes { get; set; }

    /// <summary>Business minutes spent waiting over the complaint's whole life (statistics).</summary>
    public int WaitedBusinessMinutes { get; set; }

    public int? FirstResponseBusinessMinutes { get; set; }

    public int? ResolutionBusinessMinutes { get; set; }

    public DateTime? FirstResponseBreachedAt { get; set; }

    public DateTime? ResolutionBreachedAt { get; set; }

    /// <summary>Random, per survey issued; the signed link names it, so a new survey voids the old link.</summary>
    public string? SurveyNonce { get; set; }

    public DateTime? SurveyDueAt { get; set; }

    public DateTime? SurveyExpiresAt { get; set; }

    /// <summary>When the survey mail was handed to the mail pipeline (see <see cref="IComplaintMail"/>).</summary>
    public DateTime? SurveySentAt { get; set; }

    public DateTime? SurveyAnsweredAt { get; set; }

    public int? CsatScore { get; set; }

    public string? CsatComment { get; set; }

    public DateTime? DeletedAt { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>Counts towards the customer's <c>openComplaints</c>.</summary>
    public bool IsOpen => ComplaintWorkflow.IsOpen(Status);
}

public enum ComplaintStatus
{
    Open,
    Acknowledged,
    InProgress,
    WaitingOnCustomer,
    Resolved,
    Closed,
}

public enum ComplaintChannel
{
    Phone,
    Email,
    Web,
    Store,
    Social,
    Partner,
}

public enum ComplaintCategory
{
    Product,
    Service,
    Delivery,
    Staff,
    Billing,
    Other,
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Complaint> complaint)
    {
        complaint.ToTable("complaints");
        complaint.HasKey(c => c.Id);
        complaint.Property(c => c.Channel).HasConversion<SnakeCaseEnumConverter<ComplaintChannel>>().HasMaxLength(20);
        complaint.Property(c => c.Category).HasConversion<SnakeCaseEnumConverter<ComplaintCategory>>().HasMaxLength(20);
        complaint.Property(c => c.Status).HasConversion<SnakeCaseEnumConverter<ComplaintStatus>>().HasMaxLength(30);
        complaint.Property(c => c.Subject).HasMaxLength(ComplaintLimits.Subject);
        complaint.Property(c => c.Description).HasMaxLength(ComplaintLimits.Description);
        complaint.Property(c => c.ResolutionNote).HasMaxLength(ComplaintLimits.Note);
        complaint.Property(c => c.RootCause).HasMaxLength(ComplaintLimits.RootCause);
        complaint.Property(c => c.SurveyNonce).HasMaxLength(32);
        complaint.Property(c => c.CsatComment).HasMaxLength(ComplaintLimits.CsatComment);
        complaint.Property(c => c.Version).IsConcurrencyToken();
        complaint.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);

        // The list's order (due time, id), the customer's complaints, and the job's scan of unresolved ones.
        complaint.HasIndex(c => new { c.ResolutionDueAt, c.Id });
        complaint.HasIndex(c => new { c.CustomerId, c.Id });
        complaint.HasIndex(c => new { c.Status, c.FirstResponseDueAt });
        complaint.HasIndex(c => c.CreatedAt);
    }
}

internal static class ComplaintLimits
{
    public const int Subject = 200;
    public const int Description = 4000;
    public const int Note = 4000;
    public const int RootCause = 500;
    public const int CsatComment = 2000;
    public const int CommentBody = 4000;
    public const int MaxGoodwillPoints = 1_000_000;
}
