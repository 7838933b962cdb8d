using Crm.Saas.Api.Features.Mails;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Tests.Complaints;
using Crm.Saas.Api.Tests.Mails;
using Crm.Saas.Api.Tests.Support;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Jobs;

/// <summary>
/// Jobs with occasional work (the mail sender, the SLA check) visit only the tenants woken for them: a committed
/// change wakes the job for its own tenant, a pass settles the wake-up to the next due time, and the day's first
/// dispatch still visits everyone.
/// </summary>
public abstract class WokenJobTests(CrmApp fixture) : IAsyncLifetime
{
    private static readonly DateTime Noon = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestClock _clock = new();
    private CrmApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _clock.Set(Noon);
        _app = fixture.Sibling(clock: _clock);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_committed_mail_wakes_the_sender_for_its_own_tenant_only_and_the_dispatch_visits_just_that_tenant()
    {
        var a = await _app.Anonymous().SignUpAsync();
        await _app.Anonymous().SignUpAsync();
        Assert.Equal(0, await DispatchAsync(MailSender.JobName));

        await QueueMailAsync(a.TenantId, sendAt: Noon);

        var wakeup = Assert.Single(await WakeupsAsync());
        Assert.Equal((a.TenantId, MailSender.JobName), (wakeup.TenantId, wakeup.Job));
        Assert.True(wakeup.DueAt <= _clock.UtcNow);
        Assert.Equal(1, await DispatchAsync(MailSender.JobName));
        Assert.Equal(0, await DispatchAsync("complaint-sla"));
    }

    [Fact]
    public async Task A_mail_saved_in_a_transaction_wakes_the_sender_only_once_the_transaction_commits()
    {
        var a = await _app.Anonymous().SignUpAsync();
        await _app.InStoreAsync(a.TenantId, async db =>
        {
            await using (var rolledBack = await db.Database.BeginTransactionAsync())
            {
                Queue(db, Noon);
                await db.SaveChangesAsync();
                Assert.Empty(await WakeupsAsync());
                await rolledBack.RollbackAsync();
            }

            Assert.Empty(await WakeupsAsync());
            db.ChangeTracker.Clear();

            await using var committed = await db.Database.BeginTransactionAsync();
            Queue(db, Noon);
            await db.SaveChangesAsync();
            Assert.Empty(await WakeupsAsync());
            await committed.CommitAsync();
            return 0;
        });

        Assert.Equal(a.TenantId, Assert.Single(await WakeupsAsync()).TenantId);
    }

    [Fact]
    public async Task A_pass_moves_the_wakeup_to_the_next_due_mail_and_removes_it_when_nothing_is_pending()
    {
        var a = await _app.Anonymous().SignUpAsync();
        var mailId = await QueueMailAsync(a.TenantId, sendAt: Noon.AddMinutes(10));

        await RunPassAsync(a.TenantId, MailSender.JobName); // nothing due yet
        Assert.Equal(Noon.AddMinutes(10), Assert.Single(await WakeupsAsync()).DueAt);
        Assert.Equal(0, await DispatchAsync(MailSender.JobName));

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await DispatchAsync(MailSender.JobName));
        await _app.InStoreAsync(a.TenantId, db => db.Set<Mail>().Where(m => m.Id == mailId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MailStatus.Suppressed)));
        await RunPassAsync(a.TenantId, MailSender.JobName);
        Assert.Empty(await WakeupsAsync());
    }

    [Fact]
    public async Task A_pass_that_settles_mails_does_not_wake_itself_again()
    {
        var a = await _app.Anonymous().SignUpAsync();
        var mailId = await QueueMailAsync(a.TenantId, sendAt: Noon); // for a customer that does not exist: suppressed

        await RunPassAsync(a.TenantId, MailSender.JobName);

        var mail = Assert.Single(await _app.MailsAsync(a.TenantId));
        Assert.Equal((mailId, MailStatus.Suppressed), (mail.Id, mail.Status)); // the pass saved a change to a mail…
        Assert.Empty(await WakeupsAsync()); // …and nothing is left to do, so nothing is left to wake
    }

    [Fact]
    public async Task A_wakeup_that_comes_while_a_pass_runs_outlives_that_pass()
    {
        var a = await _app.Anonymous().SignUpAsync();
        await QueueMailAsync(a.TenantId, sendAt: Noon.AddHours(1));
        var wakeups = _app.Services.GetRequiredService<TenantJobWakeups>();
        var ct = TestContext.Current.CancellationToken;

        var marks = await wakeups.TakeAsync(a.TenantId, MailSender.JobName, ct);
        Assert.Equal(Noon + TenantJobWakeups.Lease, Assert.Single(await WakeupsAsync()).DueAt); // taken: no second pass meanwhile
        await QueueMailAsync(a.TenantId, sendAt: Noon); // while the pass runs
        await wakeups.SettleAsync(a.TenantId, MailSender.JobName, marks, nextDue: null, ct);

        var left = Assert.Single(await WakeupsAsync());
        Assert.True(left.DueAt <= Noon);
        Assert.Equal(1, await DispatchAsync(MailSender.JobName));
    }

    [Fact]
    public async Task Concurrent_wakes_of_one_tenant_make_one_wakeup_counting_each_of_them()
    {
        var a = await _app.Anonymous().SignUpAsync();
        var wakeups = _app.Services.GetRequiredService<TenantJobWakeups>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => wakeups.WakeAsync(a.TenantId, [MailSender.JobName]))));

        var wakeup = Assert.Single(await WakeupsAsync());
        Assert.Equal(16, wakeup.Marks);
        Assert.Equal(Noon, wakeup.DueAt);
    }

    [Fact]
    public async Task Opening_a_complaint_wakes_the_sla_check_which_then_waits_for_the_first_response_deadline()
    {
        var a = await _app.Anonymous().SignUpAsync();
        var customer = await Purchases.PurchaseData.CreateCustomerAsync(a.Client);
        var complaint = await ComplaintKit.CreateAsync(a.Client, customer);
        Assert.Contains(await WakeupsAsync(), w => w.Job == "complaint-sla" && w.TenantId == a.TenantId);

        await RunPassAsync(a.TenantId, "complaint-sla");

        Assert.Equal(((DateTime)complaint["sla"]!["firstResponseDueAt"]!).ToUniversalTime(), Assert.Single(await WakeupsAsync(), w => w.Job == "complaint-sla").DueAt);
    }

    [Fact]
    public async Task The_first_dispatch_of_the_day_visits_every_active_tenant_woken_or_not()
    {
        await _app.Anonymous().SignUpAsync();
        await _app.Anonymous().SignUpAsync();
        Assert.Equal(0, await DispatchAsync(MailSender.JobName));

        _clock.Set(new DateTime(2026, 6, 2, 0, 0, 20, DateTimeKind.Utc));
        Assert.Equal(2, await DispatchAsync(MailSender.JobName));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await DispatchAsync(MailSender.JobName));
    }

    private static Mail Queue(TenantDbContext db, DateTime sendAt) =>
        MailOutbox.Queue(db, Guid.CreateVersion7(), "staff@harbour.example", MailKind.SlaBreach, Guid.NewGuid().ToString("N"), Noon, sendAt);

    private Task<Guid> QueueMailAsync(Guid tenantId, DateTime sendAt) =>
        _app.InStoreAsync(tenantId, async db =>
        {
            var mail = Queue(db, sendAt);
            await db.SaveChangesAsync();
            return mail.Id;
        });

    private Task<List<TenantJobWakeup>> WakeupsAsync() =>
        _app.WithCatalogAsync(catalog => catalog.Set<TenantJobWakeup>().AsNoTracking().OrderBy(w => w.Job).ToListAsync());

    private async Task<int> DispatchAsync(string job)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TenantJobDispatcher>().DispatchAsync(job, TestContext.Current.CancellationToken);
    }

    /// <summary>One tenant's pass, as a Hangfire worker runs it: in the tenant's scope.</summary>
    private async Task RunPassAsync(Guid tenantId, string job)
    {
        var tenant = await _app.TenantAsync(tenantId);
        using var inScope = _app.Services.GetRequiredService<ITenantContextAccessor>().BeginScope(tenant);
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TenantJobRunner>().RunAsync(tenantId, job, TestContext.Current.CancellationToken);
    }
}

public sealed class WokenJobsOnSqlite(SqliteApp app) : WokenJobTests(app), IClassFixture<SqliteApp>;

public sealed class WokenJobsOnPostgres(PostgresApp app) : WokenJobTests(app), IClassFixture<PostgresApp>;
