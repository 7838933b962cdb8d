namespace Crm.Saas.Api.Features.Mails;

/// <summary>How mail goes out. Bound from the <c>Mail</c> configuration section.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Without <see cref="SmtpOptions.Host"/>: where mails are written as <c>.eml</c> files (relative: under the data folder).</summary>
    public string PickupDirectory { get; set; } = "mail";

    public SmtpOptions Smtp { get; set; } = new();

    public string FromAddress { get; set; } = "no-reply@crm-saas.local";

    /// <summary>Address the public unsubscribe link is built on, e.g. <c>https://crm.example.com</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5137";

    /// <summary>How long after a customer is created the welcome mail goes out.</summary>
    public TimeSpan WelcomeDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the outboxes with mail due are drained (besides the drains queued right after a campaign run).</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Mails claimed by one worker at a time.</summary>
    public int BatchSize { get; set; } = 25;

    /// <summary>A claim older than this is taken to be a crashed worker's; the mail is tried again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tries before a mail is left <c>failed</c>; between tries the wait doubles from <see cref="RetryBase"/>.</summary>
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan RetryBase { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no SMTP, mails go to the pickup folder.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>None</c>, <c>Auto</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
