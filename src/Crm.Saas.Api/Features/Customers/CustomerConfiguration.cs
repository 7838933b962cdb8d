using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<Customer> customer)
    {
        customer.HasKey(c => c.Id);
        customer.Property(c => c.Kind).HasConversion<SnakeCaseEnumConverter<CustomerKind>>().HasMaxLength(20);
        customer.Property(c => c.Name).HasMaxLength(CustomerLimits.Name);
        customer.Property(c => c.Email).HasMaxLength(CustomerLimits.Email);
        customer.Property(c => c.EmailNormalized).HasMaxLength(CustomerLimits.Email);
        customer.Property(c => c.Phone).HasMaxLength(CustomerLimits.Phone);
        customer.Property(c => c.Source).HasMaxLength(CustomerLimits.Source);
        customer.Property(c => c.ConsentEmailSource).HasMaxLength(CustomerLimits.Source);
        customer.Property(c => c.ConsentSmsSource).HasMaxLength(CustomerLimits.Source);
        customer.Property(c => c.PreferredLanguage).HasMaxLength(16);
        customer.Property(c => c.LifecycleStage).HasConversion<SnakeCaseEnumConverter<LifecycleStage>>().HasMaxLength(20);
        customer.Property(c => c.Version).IsConcurrencyToken();

        // Unique among live customers only, so a deleted customer's email can be used again.
        customer.HasIndex(c => c.EmailNormalized).IsUnique().HasFilter("deleted_at IS NULL AND email_normalized IS NOT NULL");

        customer.Property(c => c.ExternalId).HasMaxLength(CustomerLimits.ExternalId);
        customer.HasIndex(c => c.ExternalId).IsUnique().HasFilter("deleted_at IS NULL AND external_id IS NOT NULL");
        customer.Property(c => c.Segment).HasConversion<SnakeCaseEnumConverter<RfmSegment>>().HasMaxLength(20);
        customer.HasIndex(c => c.LifecycleStage);
        customer.HasIndex(c => c.Segment);

        // Set by a trigger (see the Customer360 migrations); EF must not rely on RETURNING for it.
        customer.ToTable(t => t.HasTrigger("customers_change_version"));
        customer.Property(c => c.ChangeVersion).ValueGeneratedOnAddOrUpdate().HasDefaultValue(0L);
        customer.HasIndex(c => new { c.ChangeVersion, c.Id });

        // The incremental feed pages by (updated_at, id).
        customer.HasIndex(c => new { c.UpdatedAt, c.Id });
    }
}
