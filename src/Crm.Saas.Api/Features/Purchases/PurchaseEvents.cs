using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Features.Purchases;

namespace Crm.Saas.Api.Features.Purchases.Contracts;

/// <summary>A sale was added to the context (not yet saved); subscribers add their own changes to the same save.</summary>
public sealed record PurchaseRecorded(Purchase Purchase, Customer Customer, DateTime RecordedAt);

/// <summary>A refund was added to the context (not yet saved); the customer's facts already show it.</summary>
public sealed record PurchaseRefunded(Purchase Purchase, Refund Refund, Customer Customer, DateTime RefundedAt);

/// <summary>Reacts to a purchase event inside the request's transaction (lifecycle stage, loyalty earning, win-back conversion).</summary>
public interface IPurchaseEventHandler<in TEvent>
{
    /// <summary>Lower runs first; declared, so that where a feature registers its services cannot change what a subscriber sees.</summary>
    int Order { get; }

    Task HandleAsync(TEvent purchaseEvent, CancellationToken cancellationToken);
}

/// <summary>
/// In-process publishing: every registered handler runs, by its <see cref="IPurchaseEventHandler{TEvent}.Order"/>, before the publisher's SaveChanges,
/// so the sale and everything that follows from it commit together or not at all. No queue, no mediator.
/// </summary>
public interface IPurchaseEvents
{
    Task PublishAsync<TEvent>(TEvent purchaseEvent, CancellationToken cancellationToken);
}

internal sealed class PurchaseEvents(IServiceProvider services) : IPurchaseEvents
{
    public async Task PublishAsync<TEvent>(TEvent purchaseEvent, CancellationToken cancellationToken)
    {
        foreach (var handler in services.GetServices<IPurchaseEventHandler<TEvent>>().OrderBy(h => h.Order))
        {
            await handler.HandleAsync(purchaseEvent, cancellationToken);
        }
    }
}
