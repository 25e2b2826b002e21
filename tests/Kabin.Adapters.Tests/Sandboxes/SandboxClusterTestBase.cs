using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Adapters.Sqlite;
using Kabin.Adapters.Tests.Cluster;
using Kabin.Events;
using Kabin.Policy;
using Kabin.Sandboxes;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Adapters.Tests.Sandboxes;

/// <summary>
/// The sandbox handler against the API-server double through <c>KubernetesClusterClient</c>, with
/// a real SQLite store and the real policy engine. Pod events are built from the pod as the double
/// holds it, as ApiServerSource (mode Resource) would send it.
/// </summary>
public abstract class SandboxClusterTestBase : ClusterTestBase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-sandbox-" + Guid.NewGuid().ToString("N"));
    private SqliteStateStore? _store;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    protected SandboxHandler Handler { get; private set; } = null!;

    protected IStateStore Store => _store!;

    protected async Task StartAsync(int max = 5)
    {
        _store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
        Handler = new SandboxHandler(
            _store, Client, new StateTenantDirectory(_store, Time, Options.Create(new TenantDirectoryOptions())), new PolicyEngine(),
            Options.Create(new SandboxOptions { StopGracePeriodSeconds = 7 }), Time, NullLogger<SandboxHandler>.Instance);
        var tenant = new TenantRecord
        {
            Name = "a",
            Namespace = "tenant-a",
            Owners = [new TenantOwner("User", "alice@acme.example")],
            PodSecurity = PodSecurityLevel.Restricted,
            RuntimeClasses = ["kata-qemu"],
            DefaultRuntimeClass = "kata-qemu",
            Registries = ["ghcr.io/acme/"],
            Quota = new TenantQuota("8", "16Gi", 20),
            Sandboxes = new SandboxLimits(max, "2", "4Gi"),
            Network = new TenantNetwork("none"),
        };
        var none = CancellationToken.None;
        await _store.SaveAsync(SandboxStateKeys.Index("a"), SandboxIndex.Empty, SandboxJsonContext.Default.SandboxIndex, none);
        await _store.SaveAsync(TenantStateKeys.Record("a"), tenant, TenantJsonContext.Default.TenantRecord, none);
        await _store.SaveAsync(TenantStateKeys.Index, new TenantIndex(["a"]), TenantJsonContext.Default.TenantIndex, none);
    }

    /// <summary>Closes the store as well; re-implemented because the base's Dispose is not virtual.</summary>
    public new void Dispose()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still be closing; the temp folder is harmless.
        }

        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Task<HandlerResult> SendAsync(CloudEvent cloudEvent) => Handler.HandleAsync(cloudEvent, CancellationToken.None);

    protected JsonObject? PodOf(string name) => Server.Find("v1", "Pod", "tenant-a", "sbx-" + name);

    /// <summary>Moves the pod as the kubelet would and sends the update event ApiServerSource would emit.</summary>
    protected Task<HandlerResult> KubeletSetsAsync(string name, JsonObject status)
    {
        Assert.True(Server.SetPodStatus("tenant-a", "sbx-" + name, status));
        return SendAsync(Event(SandboxEventTypes.PodUpdated, PodOf(name)!));
    }

    protected async Task<SandboxRecord> RecordAsync(string name) =>
        (await Store.GetAsync(SandboxStateKeys.Record("a", name), SandboxJsonContext.Default.SandboxRecord, CancellationToken.None))!.Value;

    protected static CloudEvent Event(string type, JsonNode data) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Source = new Uri("/tests", UriKind.Relative),
        Type = type,
        DataContentType = "application/json",
        Data = System.Text.Json.JsonSerializer.SerializeToElement(data, KabinJsonContext.Default.JsonNode),
    };

    protected static CloudEvent Request(string name, int ttlSeconds = 3600, string image = "ghcr.io/acme/runner:1") =>
        Event(SandboxEventTypes.Requested, new JsonObject
        {
            ["tenant"] = "a", ["name"] = name, ["image"] = image, ["ttlSeconds"] = ttlSeconds,
            ["command"] = new JsonArray("sh", "-c", "make test"),
        });

    protected static SandboxEventData DataOf(CloudEvent cloudEvent) => EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxEventData);
}
