using Crm.Saas.Api.Features.Purchases.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Purchases;

/// <summary>Subscribers run by their declared order, not by which feature happened to register first.</summary>
public sealed class PurchaseEventOrderTests
{
    private sealed record Sold(string Sku);

    private sealed class Recorder(List<string> runs, string name, int order) : IPurchaseEventHandler<Sold>
    {
        public int Order => order;

        public Task HandleAsync(Sold purchaseEvent, CancellationToken cancellationToken)
        {
            runs.Add(name);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Handlers_run_by_their_order_whatever_the_registration_order()
    {
        var runs = new List<string>();
        var services = new ServiceCollection();
        services.AddSingleton<IPurchaseEventHandler<Sold>>(new Recorder(runs, "conversion", 300));
        services.AddSingleton<IPurchaseEventHandler<Sold>>(new Recorder(runs, "lifecycle", 100));
        services.AddSingleton<IPurchaseEventHandler<Sold>>(new Recorder(runs, "loyalty", 200));
        services.AddScoped<IPurchaseEvents, Crm.Saas.Api.Features.Purchases.Contracts.PurchaseEvents>();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPurchaseEvents>().PublishAsync(new Sold("sku-1"), TestContext.Current.CancellationToken);

        Assert.Equal(["lifecycle", "loyalty", "conversion"], runs);
    }
}
