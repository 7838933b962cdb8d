namespace Crm.Saas.Architecture.Tests;

/// <summary>
/// A feature uses another only through what that one declares for others (its <c>Features.X.Contracts</c> namespace).
/// The allow-list is the coupling that existed when the rule came in: it may shrink, never grow, so a new reference to
/// another feature's internals fails here and is either routed through a contract or argued for in review.
/// </summary>
public sealed class FeatureBoundaryTests
{
    /// <summary>"From -> Feature.Type": a feature reaching into another's non-contract type.</summary>
    private static readonly HashSet<string> ReviewedReferences =
    [
        "ApiKeys -> Billing.PlanGates",
        "Billing -> Customers.Customer",
        "Billing -> Mails.IMailQuota",
        "Billing -> Mails.MailUsage",
        "Campaigns -> Billing.IEntitlements",
        "Campaigns -> Customers.Customer",
        "Campaigns -> Customers.RfmSegment",
        "Campaigns -> Lifecycle.LifecycleSettings",
        "Campaigns -> Lifecycle.LifecycleSettingsQueries",
        "Campaigns -> Mails.Mail",
        "Campaigns -> Mails.MailOptions",
        "Campaigns -> Mails.MailOutbox",
        "Campaigns -> Purchases.Purchase",
        "Campaigns -> Timeline.TimelineEvents",
        "Complaints -> Contacts.Contact",
        "Complaints -> Customers.Customer",
        "Complaints -> Customers.CustomerQueries", // the one "does this live customer exist" question, asked as every feature asks it
        "Complaints -> Loyalty.IGoodwillPoints",
        "Complaints -> Mails.Mail",
        "Complaints -> Mails.MailContent",
        "Complaints -> Mails.MailOutbox",
        "Complaints -> Mails.MailRenderer",
        "Complaints -> Mails.MailTemplates",
        "Complaints -> Mails.StaffValues",
        "Complaints -> Timeline.TimelineEvents",
        "Contacts -> Customers.Customer",
        "Contacts -> Customers.CustomerQueries",
        "Contacts -> Timeline.TimelineEvents",
        "Customers -> Billing.IEntitlements",
        "Customers -> Billing.PlanGates",
        "Customers -> Timeline.TimelineEvents",
        "Interactions -> Contacts.Contact",
        "Interactions -> Customers.Customer",
        "Interactions -> Customers.CustomerQueries",
        "Interactions -> Timeline.TimelineEvents",
        "Interactions -> Timeline.TimelineCursor",
        "Lifecycle -> Customers.Customer",
        "Lifecycle -> Customers.LifecycleStage",
        "Lifecycle -> Purchases.Purchase",
        "Lifecycle -> Rfm.RfmScoring",
        "Lifecycle -> Timeline.TimelineEvents",
        "Loyalty -> Customers.Customer",
        "Loyalty -> Customers.CustomerQueries",
        "Loyalty -> Mails.IPointsBalance",
        "Loyalty -> Mails.MailOutbox",
        "Loyalty -> Purchases.Purchase",
        "Loyalty -> Purchases.Refund",
        "Loyalty -> Timeline.TimelineEvents",
        "Mails -> Customers.Customer",
        "Mails -> Customers.CustomerQueries",
        "Mails -> Timeline.TimelineEvents",
        "Purchases -> Customers.Customer",
        "Purchases -> Customers.CustomerQueries",
        "Purchases -> Timeline.TimelineEvents",
        "Rfm -> Customers.RfmSegment",
        "Users -> Audit.AuditEvent",
        "Users -> Audit.AuditLog",
        "Users -> Auth.TokenResponse",
        "Users -> Billing.IEntitlements",
        "Users -> Billing.PlanGates",
        "Users -> Signup.PasswordRules",
    ];

    /// <summary>Pairs of features that still use each other; each one left is a cycle to cut.</summary>
    private static readonly HashSet<string> ReviewedCycles =
    [
        "Billing <-> Customers",
    ];

    [Fact]
    public void Features_use_each_other_only_through_contracts_or_a_reviewed_reference()
    {
        var found = ApiArchitecture.CrossFeatureDependencies()
            .Where(d => !ApiArchitecture.IsContract(d.To))
            .Select(d => $"{ApiArchitecture.FeatureOf(d.From)} -> {ApiArchitecture.FeatureOf(d.To)}.{ApiArchitecture.TopLevelName(d.To)}")
            .ToHashSet();

        var added = found.Except(ReviewedReferences).Order().ToList();
        Assert.True(added.Count == 0,
            "New references into another feature's internals; use (or add) a type in its Contracts namespace:\n" + string.Join("\n", added));

        var gone = ReviewedReferences.Except(found).Order().ToList();
        Assert.True(gone.Count == 0, "These reviewed references no longer exist; remove them from the allow-list:\n" + string.Join("\n", gone));
    }

    [Fact]
    public void No_two_features_depend_on_each_other()
    {
        var edges = ApiArchitecture.CrossFeatureDependencies()
            .Select(d => (From: ApiArchitecture.FeatureOf(d.From)!, To: ApiArchitecture.FeatureOf(d.To)!))
            .ToHashSet();
        var cycles = edges
            .Where(e => string.CompareOrdinal(e.From, e.To) < 0 && edges.Contains((e.To, e.From)))
            .Select(e => $"{e.From} <-> {e.To}")
            .ToHashSet();

        var added = cycles.Except(ReviewedCycles).Order().ToList();
        Assert.True(added.Count == 0,
            "Features that now use each other; move the shared piece to one side or behind an interface:\n" + string.Join("\n", added));

        var gone = ReviewedCycles.Except(cycles).Order().ToList();
        Assert.True(gone.Count == 0, "These cycles are gone; remove them from the allow-list:\n" + string.Join("\n", gone));
    }
}
