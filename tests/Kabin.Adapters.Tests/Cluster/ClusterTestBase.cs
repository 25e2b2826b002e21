using System.Text.Json.Nodes;
using Kabin.Adapters.Kubernetes;
using Kabin.LocalCluster;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.Cluster;

/// <summary>Starts the API-server double on loopback and points a <see cref="KubernetesClusterClient"/> at it.</summary>
public abstract class ClusterTestBase : IAsyncLifetime, IDisposable
{
    private ApiServerConnection? _connection;

    protected KubeApiServerDouble Server { get; private set; } = null!;

    protected KubernetesClusterClient Client { get; private set; } = null!;

    protected virtual TimeSpan RequestTimeout => TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        Server = await KubeApiServerDouble.StartAsync();
        Server.SeedFile(TestData("namespaces.json"));
        _connection = ApiServerConnection.Create(new k8s.KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        Client = new KubernetesClusterClient(_connection, Options.Create(new KubernetesClusterOptions { Timeout = RequestTimeout }));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        _connection?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string TestData(string file) => Path.Combine(AppContext.BaseDirectory, "testdata", "cluster", file);

    protected static JsonObject Manifest(string file) => JsonNode.Parse(File.ReadAllText(TestData(file)))!.AsObject();

    protected static JsonObject Pod(string name, string namespaceName, string tenant)
    {
        var pod = Manifest("sandbox-pod.json");
        pod["metadata"]!["name"] = name;
        pod["metadata"]!["namespace"] = namespaceName;
        pod["metadata"]!["labels"]!["kabin.dev/sandbox"] = name;
        pod["metadata"]!["labels"]!["kabin.dev/tenant"] = tenant;
        return pod;
    }

    protected static string? ResourceVersion(JsonObject manifest) => manifest["metadata"]?["resourceVersion"]?.GetValue<string>();
}
