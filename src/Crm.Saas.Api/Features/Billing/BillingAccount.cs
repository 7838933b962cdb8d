namespace Crm.Saas.Api.Features.Billing;

/// <summary>
/// A tenant's billing state in the catalog: the Stripe customer and subscription, and the subscription's state as
/// Stripe last reported it. A tenant without a row is on <see cref="BillingOptions.NewTenantPlan"/>.
/// </summary>
public sealed class BillingAccount
{
    public Guid TenantId { get; init; }

    /// <summary>The plan of the subscription (its price's lookup key mapped back), whatever its status.</summary>
    public required string Plan { get; set; }

    public string? StripeCustomerId { get; set; }

    public string? StripeSubscriptionId { get; set; }

    /// <summary>Stripe's subscription status (<c>active</c>, <c>past_due</c>, <c>canceled</c>…); null before any subscription.</summary>
    public string? Status { get; set; }

    public DateTime? CurrentPeriodEnd { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>Set when the subscription turned <c>past_due</c>; after it, writes are refused until payment recovers.</summary>
    public DateTime? GraceDeadline { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A Stripe event already processed: its id is the primary key, so a redelivery is recognised and has no effect.</summary>
public sealed class StripeEventRecord
{
    /// <summary>
    /// How long a record is kept. Stripe redelivers an event for up to three days (and an operator may resend one from
    /// its dashboard later); a quarter is far past both, and the table no longer grows with every event ever received.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public required string Id { get; init; }

    public required string Type { get; init; }

    public Guid? TenantId { get; init; }

    /// <summary><c>applied</c>, or why it was ignored.</summary>
    public required string Outcome { get; init; }

    public DateTime ReceivedAt { get; init; }
}
