using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>One message in a complaint's thread: internal (staff only) or for the customer.</summary>
public sealed class ComplaintComment
{
    public Guid Id { get; init; }

    public Guid ComplaintId { get; init; }

    public required string Body { get; init; }

    public CommentVisibility Visibility { get; init; }

    /// <summary><c>user</c> or <c>api_key</c>.</summary>
    public string? AuthorType { get; init; }

    public Guid? AuthorId { get; init; }

    public DateTime CreatedAt { get; init; }
}

public enum CommentVisibility
{
    Internal,
    Customer,
}

internal sealed class ComplaintCommentConfiguration : IEntityTypeConfiguration<ComplaintComment>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<ComplaintComment> comment)
    {
        comment.ToTable("complaint_comments");
        comment.HasKey(c => c.Id);
        comment.Property(c => c.Body).HasMaxLength(ComplaintLimits.CommentBody);
        comment.Property(c => c.Visibility).HasConversion<SnakeCaseEnumConverter<CommentVisibility>>().HasMaxLength(20);
        comment.Property(c => c.AuthorType).HasMaxLength(20);
        comment.HasOne<Complaint>().WithMany().HasForeignKey(c => c.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        comment.HasIndex(c => new { c.ComplaintId, c.Id });
    }
}
