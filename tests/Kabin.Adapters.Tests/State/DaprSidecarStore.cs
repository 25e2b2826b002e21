using Kabin.Adapters.Dapr;
using Kabin.State;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.Tests.State;

/// <summary>A sidecar double and the Dapr adapter wired to it through AddDaprStateStore, as the host wires it.</summary>
internal sealed class DaprSidecarStore : IAsyncDisposable
{
    private DaprSidecarStore(DaprSidecarDouble sidecar, ServiceProvider services)
    {
        Sidecar = sidecar;
        Services = services;
    }

    public DaprSidecarDouble Sidecar { get; }

    public ServiceProvider Services { get; }

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    public static async Task<DaprSidecarStore> StartAsync(string storeName, DaprVersions versions = DaprVersions.Global, TimeProvider? clock = null)
    {
        var sidecar = await DaprSidecarDouble.StartAsync(versions, clock, storeName);
        return new DaprSidecarStore(sidecar, Build(new Dictionary<string, string?>
        {
            ["Kabin:State:Dapr:StoreName"] = storeName,
            ["Kabin:State:Dapr:GrpcEndpoint"] = sidecar.GrpcEndpoint.ToString(),
            ["Kabin:State:Dapr:Timeout"] = "00:00:30",
        }));
    }

    public static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDaprStateStore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sidecar.DisposeAsync();
    }
}
