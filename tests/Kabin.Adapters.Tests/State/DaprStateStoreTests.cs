using Dapr.Client;
using Kabin.Adapters.Dapr;
using Kabin.State;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.State;

/// <summary>The contract against the Dapr adapter, wired through AddDaprStateStore to a sidecar double.</summary>
public sealed partial class DaprStateStoreTests : StateStoreContractTests
{
    private const string StoreName = "kabin-state";

    private DaprSidecarStore? _dapr;
    private ServiceProvider? _services;

    private DaprSidecarDouble Sidecar => _dapr!.Sidecar;

    protected override async Task<IStateStore> CreateStoreAsync()
    {
        _dapr = await DaprSidecarStore.StartAsync(StoreName);
        _services = _dapr.Services;
        return _dapr.Store;
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_dapr is not null)
        {
            await _dapr.DisposeAsync();
        }
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings) => DaprSidecarStore.Build(settings);

    private DaprStateStore StoreWith(string storeName, TimeSpan timeout, int tombstoneSeconds = 86400) =>
        new(_services!.GetRequiredService<DaprClient>(), Options.Create(new DaprStateStoreOptions
        {
            StoreName = storeName,
            Timeout = timeout,
            DeleteTombstoneSeconds = tombstoneSeconds,
        }));
}
