using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Core.Tests.Support;
using Kabin.Events;
using Kabin.Policy;
using Kabin.Sandboxes;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// The sandbox handler over a real SQLite store, the plan cluster, the real policy engine and a
/// fake clock, with tenants written as the tenant function writes them.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    private readonly TempStateStore _state = new();

    public SandboxFixture(Func<IStateStore, IStateStore>? wrapStore = null, Func<PlanClusterClient, IClusterClient>? wrapCluster = null)
    {
        Store = wrapStore?.Invoke(_state.Store) ?? _state.Store;
        Cluster = new PlanClusterClient(Time, _state.Store);
        Handler = new SandboxHandler(
            Store,
            wrapCluster?.Invoke(Cluster) ?? Cluster,
            new StateTenantDirectory(Store, Time, Options.Create(new TenantDirectoryOptions())),
            new PolicyEngine(),
            Options.Create(Settings),
            Time,
            NullLogger<SandboxHandler>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public IStateStore Store { get; }

    public PlanClusterClient Cluster { get; }

    public SandboxOptions Settings { get; } = new() { StopGracePeriodSeconds = 5 };

    public SandboxHandler Handler { get; }

    public void Dispose() => _state.Dispose();

    /// <summary>Every stored key (plan mode's objects too) with its value's size in bytes, largest first.</summary>
    public IReadOnlyList<(string Key, long Bytes)> StoredSizes() => _state.Sizes();

    public static TenantRecord Tenant(string name, int max = 5) => new()
    {
        Name = name,
        Namespace = "tenant-" + name,
        Owners = [new TenantOwner("User", "alice@acme.example")],
        PodSecurity = PodSecurityLevel.Restricted,
        RuntimeClasses = ["kata-qemu", "kata-fc"],
        DefaultRuntimeClass = "kata-qemu",
        Registries = ["ghcr.io/acme/"],
        Quota = new TenantQuota("8", "16Gi", 20),
        Sandboxes = new SandboxLimits(max, "2", "4Gi"),
        Network = new TenantNetwork("none"),
        Generation = 1,
    };

    /// <summary>Writes a tenant as the tenant function provisions it: sandbox index, record, namespace, its shard of the tenant index.</summary>
    public async Task AddTenantAsync(TenantRecord tenant)
    {
        var none = CancellationToken.None;
        await Store.SaveAsync(SandboxStateKeys.Index(tenant.Name), SandboxIndex.Empty, SandboxJsonContext.Default.SandboxIndex, none);
        await Store.SaveAsync(TenantStateKeys.Record(tenant.Name), tenant, TenantJsonContext.Default.TenantRecord, none);
        await Store.SaveAsync(TenantStateKeys.Namespace(tenant.Namespace), new TenantNamespaceEntry(tenant.Name),
            TenantJsonContext.Default.TenantNamespaceEntry, none);
        var shard = TenantIndexShards.KeyOf(tenant.Name);
        var index = await Store.GetAsync(shard, TenantJsonContext.Default.TenantIndex, none);
        await Store.SaveAsync(shard, new TenantIndex([.. index?.Value.Tenants ?? [], tenant.Name]), TenantJsonContext.Default.TenantIndex, none);
    }

    /// <summary>Hands the event to the handler as the dispatcher does: with a sink that takes every event (<paramref name="sinkTakes"/>) or fails.</summary>
    public async Task<HandlerResult> SendAsync(CloudEvent cloudEvent, bool sinkTakes = true)
    {
        var result = await Handler.HandleAsync(cloudEvent, CancellationToken.None);
        if (sinkTakes && result.Acknowledged is { } acknowledged)
        {
            await acknowledged(CancellationToken.None);
        }

        return result;
    }

    public async Task<SandboxRecord?> RecordAsync(string tenant, string name) =>
        (await Store.GetAsync(SandboxStateKeys.Record(tenant, name), SandboxJsonContext.Default.SandboxRecord, CancellationToken.None))?.Value;

    public async Task<IReadOnlyList<string>> IndexedAsync(string tenant) =>
        [.. (await IndexAsync(tenant)).Sandboxes.Select(entry => entry.Name)];

    public async Task<SandboxIndex> IndexAsync(string tenant) =>
        (await Store.GetAsync(SandboxStateKeys.Index(tenant), SandboxJsonContext.Default.SandboxIndex, CancellationToken.None))!.Value;

    public Task<JsonObject?> PodAsync(string tenant, string name) =>
        Cluster.GetAsync(new ResourceRef("v1", "Pod", "tenant-" + tenant, "sbx-" + name), CancellationToken.None);

    public static SandboxEventData DataOf(CloudEvent cloudEvent) => EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxEventData);

    public static CloudEvent Event(string type, JsonNode data, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        Source = new Uri("/tests", UriKind.Relative),
        Type = type,
        DataContentType = "application/json",
        Data = System.Text.Json.JsonSerializer.SerializeToElement(data, KabinJsonContext.Default.JsonNode),
    };

    public static CloudEvent Request(string tenant, string name, Action<JsonObject>? change = null, string? id = null)
    {
        var data = new JsonObject
        {
            ["tenant"] = tenant,
            ["name"] = name,
            ["image"] = "ghcr.io/acme/runner:1",
            ["command"] = new JsonArray("sh", "-c", "make test"),
            ["env"] = new JsonObject { ["CI"] = "true" },
        };
        change?.Invoke(data);
        return Event(SandboxEventTypes.Requested, data, id);
    }

    public static CloudEvent Stop(string tenant, string name) =>
        Event(SandboxEventTypes.StopRequested, new JsonObject { ["tenant"] = tenant, ["name"] = name });

    /// <summary>The same event: id, source, type, subject, time and data (the trace context may differ).</summary>
    public static void AssertSameEvent(CloudEvent expected, CloudEvent? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Id, expected.Source, expected.Type, expected.Subject, expected.Time), (actual.Id, actual.Source, actual.Type, actual.Subject, actual.Time));
        Assert.Equal(
            JsonSerializer.Serialize((JsonElement)expected.Data!, KabinJsonContext.Default.JsonElement),
            JsonSerializer.Serialize((JsonElement)actual.Data!, KabinJsonContext.Default.JsonElement));
    }

    /// <summary>An ApiServerSource event (mode Resource) whose data is the sandbox's pod.</summary>
    public static CloudEvent PodEvent(
        string type, string tenant, string name, string? phase, long? resourceVersion = null,
        int? exitCode = null, string? reason = null, string? podNamespace = null)
    {
        var metadata = new JsonObject
        {
            ["name"] = "sbx-" + name,
            ["namespace"] = podNamespace ?? "tenant-" + tenant,
            ["labels"] = new JsonObject { [SandboxLabels.Tenant] = tenant, [SandboxLabels.Sandbox] = name },
        };
        if (resourceVersion is { } rv)
        {
            metadata["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var status = new JsonObject { ["phase"] = phase };
        if (exitCode is { } code)
        {
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "sandbox",
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = code, ["reason"] = reason } },
            });
        }

        return Event(type, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["status"] = status });
    }

    public static CloudEvent Tick() => Event(SandboxEventTypes.Tick, new JsonObject { ["message"] = "tick" });
}
