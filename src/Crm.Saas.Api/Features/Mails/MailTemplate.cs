using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>A tenant's own wording of one kind of mail in one language; the built-in default applies until it exists.</summary>
public sealed class MailTemplate
{
    public MailKind Kind { get; init; }

    public required string Language { get; init; }

    public required string Subject { get; set; }

    public required string HtmlBody { get; set; }

    public required string TextBody { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>, ITenantEntityConfiguration
{
    public void Configure(EntityTypeBuilder<MailTemplate> template)
    {
        template.ToTable("mail_templates");
        template.HasKey(t => new { t.Kind, t.Language });
        template.Property(t => t.Kind).HasConversion<SnakeCaseEnumConverter<MailKind>>().HasMaxLength(20);
        template.Property(t => t.Language).HasMaxLength(16);
        template.Property(t => t.Subject).HasMaxLength(MailTemplates.SubjectMax);
        template.Property(t => t.Version).IsConcurrencyToken();
    }
}
