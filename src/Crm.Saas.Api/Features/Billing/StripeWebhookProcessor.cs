using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// Applies a verified Stripe event. The event only says which subscription to look at: the subscription is fetched
/// again from Stripe and its current state written, so a late or reordered event can never roll a tenant back.
/// The event id and the new state are committed together; a redelivered id is a duplicate with no effect. When Stripe
/// refuses the re-fetch for good (the subscription is gone), the event is recorded as ignored with Stripe's answer;
/// when Stripe fails for the moment, nothing is recorded and <see cref="StripeUnavailableException"/> reaches the caller.
/// </summary>
internal sealed class StripeWebhookProcessor(
    CatalogDbContext catalog, StripeGateway stripe, PlanCatalogue plans, BillingSnapshots snapshots, IOptions<BillingOptions> options,
    TimeProvider clock, ILogger<StripeWebhookProcessor> logger)
{
    public static readonly IReadOnlySet<string> Live = new HashSet<string>(StringComparer.Ordinal) { "active", "trialing", "past_due" };

    /// <summary>
    /// One event per Stripe customer at a time in this process, so that of two racing deliveries the later fetch is
    /// also the later write. (Across processes a race can still write an older fetch; the next event corrects it.)
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> CustomerGates = new(StringComparer.Ordinal);

    public async Task<string> ProcessAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        if (await catalog.Set<StripeEventRecord>().AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken))
        {
            return "duplicate";
        }

        var (customerId, subscriptionId, tenantReference) = (stripeEvent.Type, stripeEvent.Data?.Object) switch
        {
            ("checkout.session.completed", Stripe.Checkout.Session session) => (session.CustomerId, session.SubscriptionId, session.ClientReferenceId),
            ("customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted", Subscription changed)
                => (changed.CustomerId, changed.Id, null),
            ("invoice.paid" or "invoice.payment_failed", Invoice invoice) => (invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.SubscriptionId, null),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (customerId is null)
        {
            return await RecordAsync(stripeEvent, null, "ignored: not a billing event this service handles", cancellationToken);
        }

        var account = await catalog.Set<BillingAccount>().FirstOrDefaultAsync(a => a.StripeCustomerId == customerId, cancellationToken);
        if (account is null)
        {
            return await RecordAsync(stripeEvent, null, "ignored: unknown customer", cancellationToken);
        }

        if (tenantReference is not null && tenantReference != account.TenantId.ToString())
        {
            logger.LogWarning("Stripe event {EventId} names tenant {Reference} but its customer belongs to {TenantId}; ignored", stripeEvent.Id, tenantReference, account.TenantId);
            return await RecordAsync(stripeEvent, account.TenantId, "ignored: tenant does not own the customer", cancellationToken);
        }

        if (subscriptionId is null)
        {
            return await RecordAsync(stripeEvent, account.TenantId, "ignored: no subscription", cancellationToken);
        }

        var gate = CustomerGates.GetOrAdd(customerId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await catalog.Entry(account).ReloadAsync(cancellationToken); // what a racing delivery wrote while this one waited
            Subscription subscription;
            try
            {
                subscription = await stripe.SubscriptionAsync(subscriptionId, cancellationToken);
            }
            catch (StripeUnavailableException e) when (e.IsPermanent)
            {
                // Redelivering cannot change Stripe's answer: acknowledged, with the refusal on record for an operator.
                logger.LogWarning("Stripe event {EventId} ({Type}): Stripe refused to return subscription {SubscriptionId} with {Status} {StripeCode}; acknowledged without effect",
                    stripeEvent.Id, stripeEvent.Type, subscriptionId, e.Status, e.StripeCode);
                var code = e.StripeCode is { Length: > 0 } c ? " " + c[..Math.Min(c.Length, 50)] : "";
                return await RecordAsync(stripeEvent, account.TenantId, $"ignored: Stripe answered {e.Status}{code}", cancellationToken);
            }

            var outcome = subscription.CustomerId != customerId ? "ignored: subscription of another customer" : Apply(account, subscription);
            return await RecordAsync(stripeEvent, account.TenantId, outcome, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private string Apply(BillingAccount account, Subscription subscription)
    {
        if (account.StripeSubscriptionId is { } current && current != subscription.Id && Live.Contains(account.Status ?? "") && !Live.Contains(subscription.Status))
        {
            return "ignored: an older subscription ended"; // the tenant has since subscribed again
        }

        var item = subscription.Items?.Data?.FirstOrDefault();
        var plan = plans.ByLookupKey(item?.Price?.LookupKey);
        if (plan is null)
        {
            logger.LogWarning("Subscription {SubscriptionId} has a price ({LookupKey}) no plan sells; free limits apply", subscription.Id, item?.Price?.LookupKey);
        }

        var now = StoredTime.Now(clock);
        account.Plan = plan ?? PlanCatalogue.Free;
        account.StripeSubscriptionId = subscription.Id;
        account.Status = subscription.Status;
        account.CurrentPeriodEnd = item is null ? null : StoredTime.Of(DateTime.SpecifyKind(item.CurrentPeriodEnd, DateTimeKind.Utc));
        account.CancelAtPeriodEnd = subscription.CancelAtPeriodEnd;
        account.GraceDeadline = subscription.Status == "past_due" ? account.GraceDeadline ?? now + options.Value.GracePeriod : null;
        account.UpdatedAt = now;
        return "applied";
    }

    private async Task<string> RecordAsync(Event stripeEvent, Guid? tenantId, string outcome, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        catalog.Set<StripeEventRecord>().Add(new StripeEventRecord
        {
            Id = stripeEvent.Id, Type = stripeEvent.Type, TenantId = tenantId, Outcome = outcome, ReceivedAt = now,
        });
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
            var expired = now - StripeEventRecord.Retention;
            await catalog.Set<StripeEventRecord>().Where(e => e.ReceivedAt < expired).ExecuteDeleteAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            catalog.ChangeTracker.Clear();
            return "duplicate"; // the same event, processed by a racing delivery a moment ago
        }

        if (tenantId is { } id)
        {
            snapshots.Forget(id);
        }

        logger.LogInformation("Stripe event {EventId} ({Type}) for tenant {TenantId}: {Outcome}", stripeEvent.Id, stripeEvent.Type, tenantId, outcome);
        return outcome;
    }
}
