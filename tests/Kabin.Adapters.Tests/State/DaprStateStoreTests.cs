using Dapr.Client;
using Kabin.Adapters.Dapr;
using Kabin.State;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.State;

/// <summary>The contract against the Dapr adapter, wired through AddDaprStateStore to a sidecar double.</summary>
public sealed partial class DaprStateStoreTests : StateStoreContractTests
{
    private const string StoreName = "kabin-state";

    private DaprSidecarDouble? _sidecar;
    private ServiceProvider? _services;

    private DaprSidecarDouble Sidecar => _sidecar!;

    protected override async Task<IStateStore> CreateStoreAsync()
    {
        _sidecar = await DaprSidecarDouble.StartAsync(StoreName);
        _services = BuildServices(new Dictionary<string, string?>
        {
            ["Kabin:State:Dapr:StoreName"] = StoreName,
            ["Kabin:State:Dapr:GrpcEndpoint"] = _sidecar.GrpcEndpoint.ToString(),
            ["Kabin:State:Dapr:Timeout"] = "00:00:30",
        });
        return _services.GetRequiredService<IStateStore>();
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDaprStateStore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private DaprStateStore StoreWith(string storeName, TimeSpan timeout) =>
        new(_services!.GetRequiredService<DaprClient>(), Options.Create(new DaprStateStoreOptions
        {
            StoreName = storeName,
            Timeout = timeout,
        }));
}
