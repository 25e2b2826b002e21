using Dapr.Client;
using Kabin.Adapters.Dapr;
using Kabin.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.Tests.State;

public sealed class DaprServiceCollectionExtensionsTests
{
    [Fact]
    public void Registering_twice_keeps_one_long_lived_client_and_store()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kabin:State:Dapr:GrpcEndpoint"] = "http://127.0.0.1:50001",
        }).Build());

        services.AddDaprStateStore();
        services.AddDaprStateStore();
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(DaprClient));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IStateStore));
        Assert.Same(provider.GetRequiredService<DaprClient>(), provider.GetRequiredService<DaprClient>());
        Assert.IsType<DaprStateStore>(provider.GetRequiredService<IStateStore>());
    }
}
