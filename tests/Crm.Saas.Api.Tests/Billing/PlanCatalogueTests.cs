using Crm.Saas.Api.Features.Billing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Tests.Billing;

/// <summary>The catalogue's defaults, how configuration overrides them, and how a subscription's status maps to a plan.</summary>
public sealed class PlanCatalogueTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Defaults_hold_without_configuration_and_one_configured_value_replaces_only_itself()
    {
        var plans = Catalogue(new Dictionary<string, string?> { ["Billing:Plans:starter:Limits:Customers"] = "7" });
        Assert.Equal(["free", "pro", "starter"], plans.Plans.Keys.Order());
        Assert.Equal(100, plans.FreePlan.Limits.Customers);
        Assert.False(plans.FreePlan.Features[PlanFeatures.PartnerApiKeys]);
        Assert.Equal(7, plans.Plans["starter"].Limits.Customers);
        Assert.Equal(5, plans.Plans["starter"].Limits.Users);
        Assert.True(plans.Plans["starter"].Features[PlanFeatures.PartnerApiKeys]);
        Assert.Equal("starter", plans.ByLookupKey("crm_starter_monthly"));
        Assert.True(plans.Plans["pro"].Features[PlanFeatures.WinBack]);
        Assert.Equal("free", plans.NewTenantPlan);
    }

    [Theory]
    [InlineData("active", "starter", false)]
    [InlineData("trialing", "starter", false)]
    [InlineData("past_due", "starter", false)]
    [InlineData("canceled", "free", false)]
    [InlineData("unpaid", "free", false)]
    [InlineData("incomplete", "free", false)]
    [InlineData("incomplete_expired", "free", false)]
    public void Status_decides_the_plan_in_force(string status, string effective, bool readOnly)
    {
        var standing = BillingStanding.Of(new BillingSnapshot(Guid.NewGuid(), "starter", status, Now.AddDays(10), false, Now.AddDays(1), null, true), Catalogue(), Now);
        Assert.Equal(effective, standing.EffectivePlan);
        Assert.Equal("starter", standing.SubscribedPlan);
        Assert.Equal(readOnly, standing.ReadOnly);
    }

    [Fact]
    public void Past_due_turns_read_only_at_the_grace_deadline_and_a_paid_plan_trial_ends_on_free()
    {
        var plans = Catalogue();
        var pastDue = new BillingSnapshot(Guid.NewGuid(), "pro", "past_due", Now.AddDays(10), false, Now, null, true);
        Assert.False(BillingStanding.Of(pastDue, plans, Now.AddSeconds(-1)).ReadOnly);
        Assert.True(BillingStanding.Of(pastDue, plans, Now).ReadOnly);
        Assert.Equal("pro", BillingStanding.Of(pastDue, plans, Now).EffectivePlan); // limits kept; writes stop

        var trial = new BillingSnapshot(Guid.NewGuid(), "pro", null, null, false, null, Now.AddDays(14), false);
        Assert.Equal(("pro", "trialing"), Pair(BillingStanding.Of(trial, plans, Now)));
        Assert.Equal(("free", "trial_ended"), Pair(BillingStanding.Of(trial, plans, Now.AddDays(15))));
    }

    private static (string, string) Pair(BillingStanding standing) => (standing.EffectivePlan, standing.Status);

    private static PlanCatalogue Catalogue(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection().AddLogging().AddOptions();
        services.AddOptions<BillingOptions>().Configure(PlanCatalogue.Defaults).Bind(configuration.GetSection(BillingOptions.Section));
        using var provider = services.BuildServiceProvider();
        return new PlanCatalogue(provider.GetRequiredService<IOptions<BillingOptions>>());
    }
}
