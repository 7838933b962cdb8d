using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Mails;

internal sealed class MailConfiguration : IEntityTypeConfiguration<Mail>, ITenantEntityConfiguration
{
    public const string Table = "mails";

    public void Configure(EntityTypeBuilder<Mail> mail)
    {
        mail.ToTable(Table);
        mail.HasKey(m => m.Id);
        mail.Property(m => m.Kind).HasConversion<SnakeCaseEnumConverter<MailKind>>().HasMaxLength(20);
        mail.Property(m => m.Status).HasConversion<SnakeCaseEnumConverter<MailStatus>>().HasMaxLength(20);
        mail.Property(m => m.Recipient).HasMaxLength(320);
        mail.Property(m => m.DedupeKey).HasMaxLength(200);
        mail.Property(m => m.Language).HasMaxLength(16);
        mail.Property(m => m.Subject).HasMaxLength(500);
        mail.Property(m => m.ClaimToken).HasMaxLength(40);
        mail.Property(m => m.LastError).HasMaxLength(1000);
        mail.Property(m => m.MessageId).HasMaxLength(200);
        mail.Property(m => m.ProviderMessageId).HasMaxLength(500);
        mail.Property(m => m.SuppressedReason).HasMaxLength(40);
        mail.Property(m => m.OfferCode).HasMaxLength(64);
        mail.Property(m => m.Link).HasMaxLength(1000);
        mail.HasIndex(m => m.DedupeKey).IsUnique();
        mail.HasIndex(m => new { m.Status, m.NextAttemptAt });
        mail.HasIndex(m => m.ClaimToken);
        mail.HasIndex(m => new { m.CustomerId, m.Kind, m.SentAt });
        mail.HasIndex(m => m.CampaignRunId);
        mail.HasIndex(m => m.CreatedAt);
    }
}
