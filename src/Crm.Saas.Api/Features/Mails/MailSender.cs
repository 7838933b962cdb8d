using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// Drains one tenant's outbox: claims due mails in batches (atomically, so two workers never hold the same mail),
/// suppresses what consent forbids, renders what is not yet rendered, sends the rest over one transport connection
/// per batch and settles each mail right after its send. A mail whose worker died is taken over when its lease ends;
/// a failed send waits (doubling) and is tried again until <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
public sealed class MailSender(
    TenantDatabases databases, IMailTransport transport, MailRenderer renderer, IMailQuota quota, IOptions<MailOptions> options, TimeProvider clock,
    ILogger<MailSender> logger) : IWokenTenantJob
{
    public const string JobName = "mail-send";

    public string Name => JobName;

    public TimeSpan Interval => options.Value.SendInterval;

    /// <summary>A mail queued (or changed) in the tenant's store.</summary>
    public IReadOnlyCollection<Type> WokenByChangesTo { get; } = [typeof(Mail)];

    /// <summary>The next retry of a queued mail, or the end of the lease on a mail whose send is under way.</summary>
    public async Task<DateTime?> NextDueAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = databases.Open(tenant);
        var mails = db.Set<Mail>();
        var queued = await mails.Where(m => m.Status == MailStatus.Queued).MinAsync(m => (DateTime?)m.NextAttemptAt, cancellationToken);
        var sending = await mails.Where(m => m.Status == MailStatus.Sending).MinAsync(m => m.LockedUntil, cancellationToken);
        return new[] { queued, sending }.Min(); // nulls (nothing of that kind) are skipped
    }

    Task ITenantJob.RunForTenantAsync(TenantInfo tenant, DateTime now, CancellationToken cancellationToken) => DrainAsync(tenant, cancellationToken);

    /// <summary>Sends until nothing is due; returns what happened to the mails this call claimed.</summary>
    public async Task<DrainResult> DrainAsync(TenantInfo tenant, CancellationToken cancellationToken = default)
    {
        var total = new DrainResult();
        while (true)
        {
            var batch = await SendBatchAsync(tenant, cancellationToken);
            total += batch;
            if (batch.Claimed == 0 || batch.TransportDown)
            {
                return total;
            }
        }
    }

    private async Task<DrainResult> SendBatchAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = databases.Open(tenant);
        var now = StoredTime.Now(clock);
        var token = Guid.NewGuid().ToString("N");
        var claimed = await MailClaims.ClaimAsync(db, token, now, now + settings.Lease, settings.BatchSize, cancellationToken);
        if (claimed == 0)
        {
            return new DrainResult();
        }

        var mails = await db.Set<Mail>().Where(m => m.ClaimToken == token).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var customerIds = mails.Select(m => m.CustomerId).Distinct().ToList();
        var customers = await db.Customers.Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var result = new DrainResult { Claimed = mails.Count };

        var toSend = new List<Mail>();
        foreach (var mail in mails)
        {
            var customer = customers.GetValueOrDefault(mail.CustomerId);
            if (SuppressionReason(mail, customer) is { } reason)
            {
                Suppress(db, mail, reason, now);
                result = result with { Suppressed = result.Suppressed + 1 };
                continue;
            }

            if (mail.Subject is null)
            {
                var (content, language) = await renderer.RenderAsync(db, tenant, customer!, mail, cancellationToken);
                (mail.Subject, mail.HtmlBody, mail.TextBody, mail.Language) = (content.Subject, content.HtmlBody, content.TextBody, language);
            }

            toSend.Add(mail);
        }

        var overQuota = await SuppressOverQuotaAsync(db, tenant, toSend, now, cancellationToken);
        result = result with { Suppressed = result.Suppressed + overQuota };
        await db.SaveChangesAsync(cancellationToken); // suppressions and renderings stand whatever the transport does
        if (toSend.Count == 0)
        {
            return result;
        }

        IMailConnection connection;
        try
        {
            connection = await transport.ConnectAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Mail transport unreachable for tenant {Tenant}; {Count} mails wait for the next try", tenant.Slug, toSend.Count);
            foreach (var mail in toSend)
            {
                Retry(mail, e, now);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            return result with { Retried = result.Retried + toSend.Count, TransportDown = true };
        }

        await using (connection)
        {
            foreach (var mail in toSend)
            {
                try
                {
                    var providerId = await connection.SendAsync(Message(tenant, mail, customers[mail.CustomerId], now), cancellationToken);
                    Settle(db, mail, providerId, StoredTime.Now(clock));
                    result = result with { Sent = result.Sent + 1 };
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Mail {Mail} for tenant {Tenant} not sent (attempt {Attempt})", mail.Id, tenant.Slug, mail.Attempts);
                    Retry(mail, e, now);
                    result = mail.Status == MailStatus.Failed ? result with { Failed = result.Failed + 1 } : result with { Retried = result.Retried + 1 };
                }

                await db.SaveChangesAsync(CancellationToken.None); // each mail settles on its own: a crash loses at most one mail's state
            }
        }

        return result;
    }

    /// <summary>Past the plan's monthly quota, suppresses the marketing mails of the batch (see <see cref="MailUsage"/>); returns how many.</summary>
    private async Task<int> SuppressOverQuotaAsync(TenantDbContext db, TenantInfo tenant, List<Mail> toSend, DateTime now, CancellationToken cancellationToken)
    {
        if (await quota.MonthlyLimitAsync(tenant, cancellationToken) is not { } limit || !toSend.Any(m => m.Kind.IsMarketing()))
        {
            return 0;
        }

        var left = limit - await MailUsage.SentThisMonthAsync(db, now, cancellationToken);
        var suppressed = 0;
        foreach (var mail in toSend.Where(m => !m.Kind.IsStaff()).ToList())
        {
            if (left > 0)
            {
                left--;
            }
            else if (mail.Kind.IsMarketing())
            {
                Suppress(db, mail, MailUsage.OverQuota, now);
                toSend.Remove(mail);
                suppressed++;
            }
        }

        return suppressed;
    }

    private static string? SuppressionReason(Mail mail, Customer? customer)
    {
        if (customer is null || customer.DeletedAt is not null)
        {
            return "customer_deleted";
        }

        if (mail.Kind.IsStaff())
        {
            return null; // to a user: the customer's consent is not theirs to give
        }

        if (!customer.ConsentEmail && customer.ConsentEmailSource == Unsubscribe.Source)
        {
            return "unsubscribed"; // whoever used the link in a mail gets no more mail of any kind, transactional included
        }

        if (mail.Kind.IsMarketing() && !customer.ConsentEmail)
        {
            return "no_consent";
        }

        return mail.Kind == MailKind.WinBack && customer.OpenComplaints > 0 ? "open_complaint" : null;
    }

    private static void Suppress(TenantDbContext db, Mail mail, string reason, DateTime now)
    {
        mail.Status = MailStatus.Suppressed;
        mail.SuppressedReason = reason;
        Release(mail, now);
        if (mail.Kind.IsStaff())
        {
            return;
        }

        Timeline.TimelineEvents.Record(db, mail.CustomerId, now, "mail.suppressed", $"{Title(mail.Kind)} mail not sent ({reason.Replace('_', ' ')}).",
            "mail", mail.Id, new { kind = mail.Kind.Word(), reason });
    }

    private static void Settle(TenantDbContext db, Mail mail, string providerId, DateTime now)
    {
        mail.Status = MailStatus.Sent;
        mail.SentAt = now;
        mail.ProviderMessageId = providerId.Length > 500 ? providerId[..500] : providerId;
        mail.LastError = null;
        Release(mail, now);
        if (mail.Kind.IsStaff())
        {
            return;
        }

        Timeline.TimelineEvents.Record(db, mail.CustomerId, now, "mail.sent", $"{Title(mail.Kind)} mail sent to {mail.Recipient}.",
            "mail", mail.Id, new { kind = mail.Kind.Word(), subject = mail.Subject });
    }

    private void Retry(Mail mail, Exception error, DateTime now)
    {
        var settings = options.Value;
        mail.LastError = $"{error.GetType().Name}: {error.Message}" is var message && message.Length > 1000 ? message[..1000] : message;
        mail.Status = mail.Attempts >= settings.MaxAttempts ? MailStatus.Failed : MailStatus.Queued;
        mail.NextAttemptAt = now + settings.RetryBase * Math.Pow(2, Math.Max(0, mail.Attempts - 1));
        Release(mail, now);
    }

    private static void Release(Mail mail, DateTime now)
    {
        mail.ClaimToken = null;
        mail.LockedUntil = null;
        mail.UpdatedAt = now;
    }

    private MimeMessage Message(TenantInfo tenant, Mail mail, Customer customer, DateTime now)
    {
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Subject = mail.Subject ?? "",
            Date = new DateTimeOffset(now),
            Body = new BodyBuilder { HtmlBody = mail.HtmlBody, TextBody = mail.TextBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(tenant.Name, options.Value.FromAddress));
        message.To.Add(new MailboxAddress(mail.Kind.IsStaff() ? "" : customer.Name, mail.Recipient));
        message.Headers.Add("X-Crm-Mail-Kind", mail.Kind.Word());
        if (mail.Kind.IsMarketing())
        {
            // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the https link.
            message.Headers.Add("List-Unsubscribe", $"<{renderer.UnsubscribeUrl(tenant.Id, customer.Id)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        return message;
    }

    private static string Title(MailKind kind) => kind switch
    {
        MailKind.Welcome => "Welcome",
        MailKind.WinBack => "Win-back",
        MailKind.Survey => "Satisfaction survey",
        MailKind.PointsExpiring => "Points expiring",
        MailKind.SlaBreach => "SLA breach",
        _ => kind.ToString(),
    };
}

/// <summary>What one drain did with the mails it claimed.</summary>
public sealed record DrainResult
{
    public int Claimed { get; init; }

    public int Sent { get; init; }

    public int Suppressed { get; init; }

    public int Retried { get; init; }

    public int Failed { get; init; }

    public bool TransportDown { get; init; }

    public static DrainResult operator +(DrainResult a, DrainResult b) => new()
    {
        Claimed = a.Claimed + b.Claimed,
        Sent = a.Sent + b.Sent,
        Suppressed = a.Suppressed + b.Suppressed,
        Retried = a.Retried + b.Retried,
        Failed = a.Failed + b.Failed,
        TransportDown = a.TransportDown || b.TransportDown,
    };
}
