namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// One mail in the tenant's outbox: written in the same transaction as whatever caused it, then sent by
/// <see cref="MailSender"/>. The dedupe key (one per customer and purpose) makes "at most one" a database rule;
/// the claim (status <c>sending</c> with a lease) makes "one worker at a time" one; the stable Message-Id lets a
/// retry after a crash be recognised downstream.
/// </summary>
public sealed class Mail
{
    public Guid Id { get; init; }

    /// <summary>The customer the mail is to, or (staff mails) about.</summary>
    public Guid CustomerId { get; init; }

    public MailKind Kind { get; init; }

    public required string Recipient { get; init; }

    /// <summary>
    /// <c>welcome:{customer}</c>, <c>win_back:{customer}:{cycle}</c>, <c>survey:{complaint}:{nonce}</c>,
    /// <c>points_expiring:{customer}:{date}</c>, <c>sla_breach:{complaint}:{kind}:{reopenings}:{user}</c>: unique in the tenant.
    /// </summary>
    public required string DedupeKey { get; init; }

    /// <summary>The template language used (<c>en</c>, <c>zh-TW</c>).</summary>
    public string? Language { get; set; }

    /// <summary>Rendered when first claimed (or at queueing), then kept, so every retry sends the same mail.</summary>
    public string? Subject { get; set; }

    public string? HtmlBody { get; set; }

    public string? TextBody { get; set; }

    public MailStatus Status { get; set; } = MailStatus.Queued;

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>While <c>sending</c>: when the claim lapses and another worker may take the mail over.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>Which claim holds the mail (a worker's batch); only that claim may settle it.</summary>
    public string? ClaimToken { get; set; }

    public string? LastError { get; set; }

    /// <summary>The RFC 5322 Message-Id, fixed at queueing: <c>{id}@{tenant}.crm-saas</c>.</summary>
    public required string MessageId { get; init; }

    /// <summary>What the transport answered: the SMTP server's queue reply, or the pickup file's name.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>Why a mail was not sent: <c>no_consent</c>, <c>unsubscribed</c>, <c>open_complaint</c>, <c>customer_deleted</c>, <c>plan_limit</c>.</summary>
    public string? SuppressedReason { get; set; }

    public Guid? CampaignRunId { get; init; }

    public string? OfferCode { get; init; }

    public long? OfferPoints { get; init; }

    /// <summary>Survey: the signed link the customer answers on (<c>{{survey.url}}</c>).</summary>
    public string? Link { get; init; }

    /// <summary>Points expiring: how many points expire within the notice window (<c>{{points.expiring}}</c>).</summary>
    public long? ExpiringPoints { get; init; }

    /// <summary>Points expiring: the earliest expiry date among them (<c>{{points.expires_on}}</c>).</summary>
    public DateTime? ExpiresAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; set; }

    /// <summary>Win-back: the purchase within the conversion window after the mail was sent.</summary>
    public DateTime? ConvertedAt { get; set; }

    public Guid? ConvertedPurchaseId { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum MailKind
{
    Welcome,
    WinBack,

    /// <summary>Transactional: the satisfaction survey link after a complaint is resolved.</summary>
    Survey,

    /// <summary>Marketing: points that expire within the notice window.</summary>
    PointsExpiring,

    /// <summary>Staff: a complaint missed an SLA target; goes to a user, rendered when queued.</summary>
    SlaBreach,
}

public enum MailStatus
{
    Queued,
    Sending,
    Sent,
    Failed,
    Suppressed,
}

internal static class MailKinds
{
    /// <summary>
    /// Marketing mails need email consent and carry one-click unsubscribe headers. Transactional ones (the survey)
    /// go without marketing consent and without those headers, but never to a customer who unsubscribed.
    /// </summary>
    public static bool IsMarketing(this MailKind kind) => kind is MailKind.Welcome or MailKind.WinBack or MailKind.PointsExpiring;

    /// <summary>
    /// Staff mails go to the tenant's users, not to the customer they are about (<see cref="Mail.CustomerId"/>): no
    /// customer consent rule applies and they leave nothing on the customer's timeline.
    /// </summary>
    public static bool IsStaff(this MailKind kind) => Staff.Contains(kind);

    /// <summary>The staff kinds, as a list queries can use.</summary>
    public static readonly MailKind[] Staff = [MailKind.SlaBreach];

    public static string Word(this MailKind kind) => Persistence.SnakeCaseEnumConverter<MailKind>.ToWord(kind);
}
