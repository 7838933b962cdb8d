using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>A person at an organisation customer: B2B relationships are with several people, not one.</summary>
public sealed class Contact
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public required string Name { get; set; }

    public ContactRole Role { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Title { get; set; }

    /// <summary>At most one live primary contact per customer.</summary>
    public bool IsPrimary { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public int Version { get; set; } = 1;
}

public enum ContactRole
{
    Buyer,
    DecisionMaker,
    User,
    Billing,
    Other,
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Contact> contact)
    {
        contact.HasKey(c => c.Id);
        contact.Property(c => c.Name).HasMaxLength(200);
        contact.Property(c => c.Role).HasConversion<SnakeCaseEnumConverter<ContactRole>>().HasMaxLength(20);
        contact.Property(c => c.Email).HasMaxLength(254);
        contact.Property(c => c.Phone).HasMaxLength(32);
        contact.Property(c => c.Title).HasMaxLength(100);
        contact.Property(c => c.Version).IsConcurrencyToken();
        contact.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        contact.HasIndex(c => new { c.CustomerId, c.Id });
        contact.HasIndex(c => c.CustomerId).IsUnique().HasFilter("is_primary AND deleted_at IS NULL").HasDatabaseName("ix_contacts_one_primary");
    }
}
