using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Mails;

/// <summary>Test helpers: an app that mails through the test SMTP listener on a moved clock, and direct drains.</summary>
public static class MailTestKit
{
    public static readonly DateTime Start = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    public static async Task<CrmApp> AppAsync(CrmApp fixture, SmtpListener smtp, TestClock clock, IDictionary<string, string?>? more = null)
    {
        var settings = smtp.Settings();
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = fixture.Sibling(settings: settings, clock: clock);
        await app.InitializeAsync();
        return app;
    }

    public static async Task<TenantInfo> TenantAsync(this CrmApp app, Guid tenantId) =>
        (await app.Services.GetRequiredService<ITenantStore>().FindByIdAsync(tenantId, CancellationToken.None))!;

    public static async Task<DrainResult> DrainAsync(this CrmApp app, Guid tenantId) =>
        await app.Services.GetRequiredService<MailSender>().DrainAsync(await app.TenantAsync(tenantId), TestContext.Current.CancellationToken);

    public static async Task<T> InStoreAsync<T>(this CrmApp app, Guid tenantId, Func<TenantDbContext, Task<T>> work)
    {
        await using var db = app.Services.GetRequiredService<TenantDatabases>().Open(await app.TenantAsync(tenantId));
        return await work(db);
    }

    public static Task<List<Mail>> MailsAsync(this CrmApp app, Guid tenantId) =>
        app.InStoreAsync(tenantId, db => db.Set<Mail>().AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());

    public static object Person(string name, string? email, bool consent = true, string? language = null, string? externalId = null) =>
        new { kind = "person", name, email, consent = new { email = consent, sms = false }, preferredLanguage = language, externalId };
}
