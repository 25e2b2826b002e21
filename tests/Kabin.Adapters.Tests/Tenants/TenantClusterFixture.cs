using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Adapters.Kubernetes;
using Kabin.Adapters.Sqlite;
using Kabin.Tenants;
using Kabin.LocalCluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Adapters.Tests.Tenants;

/// <summary>
/// The tenant handler driving the real cluster adapter against the API-server double on loopback,
/// with the embedded SQLite store in a temp folder.
/// </summary>
public sealed class TenantClusterFixture : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-tenant-cluster-tests", Guid.NewGuid().ToString("N"));
    private readonly ApiServerConnection _connection;

    private TenantClusterFixture(KubeApiServerDouble server, TimeSpan requestTimeout)
    {
        Server = server;
        _connection = ApiServerConnection.Create(new k8s.KubernetesClientConfiguration { Host = server.BaseAddress.ToString() });
        Cluster = new KubernetesClusterClient(_connection, Options.Create(new KubernetesClusterOptions { Timeout = requestTimeout }));
        Store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
        Directory = new StateTenantDirectory(Store, Time, Options.Create(new TenantDirectoryOptions()));
        Handler = new TenantHandler(Store, Cluster, Directory, Options.Create(new TenantOptions()), Time, NullLogger<TenantHandler>.Instance);
    }

    public static string AcmeSpec { get; } = TenantData("acme.spec.json");

    public KubeApiServerDouble Server { get; }

    public KubernetesClusterClient Cluster { get; }

    public SqliteStateStore Store { get; }

    public StateTenantDirectory Directory { get; }

    public TenantHandler Handler { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public static async Task<TenantClusterFixture> StartAsync(TimeSpan? requestTimeout = null) =>
        new(await KubeApiServerDouble.StartAsync(), requestTimeout ?? TimeSpan.FromSeconds(10));

    public static string TenantData(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "tenants", file));

    /// <summary>Sends one event; returns the reply and its data.</summary>
    public async Task<(CloudEvent Reply, JsonObject Data)> SendAsync(string type, string json)
    {
        var cloudEvent = new CloudEvent
        {
            Id = Guid.NewGuid().ToString(),
            Source = new Uri("/portal", UriKind.Relative),
            Type = type,
            DataContentType = "application/json",
            Data = JsonSerializer.Deserialize(json, KabinJsonContext.Default.JsonElement),
        };
        var reply = (await Handler.HandleAsync(cloudEvent, CancellationToken.None)).Reply!;
        return (reply, JsonSerializer.SerializeToNode((JsonElement)reply.Data!, KabinJsonContext.Default.JsonElement)!.AsObject());
    }

    /// <summary>The double's current resourceVersion: it moves on every write the server accepts, whatever the object.</summary>
    public async Task<string> ServerResourceVersionAsync()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var list = await http.GetFromJsonAsync("api/v1/namespaces", KabinJsonContext.Default.JsonObject);
        return (string)list!["metadata"]!["resourceVersion"]!;
    }

    /// <summary>The requests received as <c>METHOD path</c>, oldest first.</summary>
    public IReadOnlyList<string> RequestLines() => [.. Server.Requests.Select(request => $"{request.Method} {request.Path}")];

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _connection.Dispose();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is left for the temp cleaner; the outcome does not depend on it.
        }
    }
}
