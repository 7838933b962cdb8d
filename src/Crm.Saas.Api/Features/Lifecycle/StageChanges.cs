using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>Moves a customer to a stage and writes the <c>stage.changed</c> event every change must leave on the timeline.</summary>
internal static class StageChanges
{
    public const string EventType = "stage.changed";

    /// <summary>True when the stage changed. The caller saves (and has touched the customer).</summary>
    public static bool Apply(TenantDbContext db, Customer customer, LifecycleStage stage, DateTime now)
    {
        customer.LapsedAt = LifecycleRules.LapsedAtAfter(stage, customer.LapsedAt, customer.LastPurchaseAt, now);
        if (customer.LifecycleStage == stage)
        {
            return false;
        }

        var from = customer.LifecycleStage;
        customer.LifecycleStage = stage;
        Record(db, customer.Id, from, stage, now);
        return true;
    }

    public static void Record(TenantDbContext db, Guid customerId, LifecycleStage from, LifecycleStage to, DateTime now)
    {
        var fromWord = SnakeCaseEnumConverter<LifecycleStage>.ToWord(from);
        var toWord = SnakeCaseEnumConverter<LifecycleStage>.ToWord(to);
        Timeline.TimelineEvents.Record(db, customerId, now, EventType, $"Stage changed from {fromWord} to {toWord}", "customer", customerId,
            new { from = fromWord, to = toWord });
    }
}
