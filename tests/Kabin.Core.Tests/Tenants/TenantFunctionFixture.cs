using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Adapters.Sqlite;
using Kabin.Cluster;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Tests.Tenants;

/// <summary>The tenant handler over a real SQLite store in a temp folder and the plan-mode cluster client.</summary>
internal sealed class TenantFunctionFixture : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-tenant-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _sqlite;

    /// <param name="options">The tenant options, defaults when null.</param>
    /// <param name="wrap">Puts a store in between the handler and SQLite (one that interleaves concurrent calls, say).</param>
    public TenantFunctionFixture(TenantOptions? options = null, Func<IStateStore, IStateStore>? wrap = null)
    {
        _sqlite = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
        Store = new CountingStateStore(wrap?.Invoke(_sqlite) ?? _sqlite, Journal);
        Plan = new PlanClusterClient(Time, _sqlite);
        Cluster = new RecordingClusterClient(Plan, Journal);
        TenantOptions = options ?? new TenantOptions();
        Directory = new StateTenantDirectory(Store, Time, Options.Create(new TenantDirectoryOptions()));
        Handler = new TenantHandler(
            Store, Cluster, Directory, Options.Create(TenantOptions), Time, NullLogger<TenantHandler>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public TenantOptions TenantOptions { get; }

    /// <summary>Every state write and cluster call, interleaved in the order they happened.</summary>
    public List<string> Journal { get; } = [];

    public PlanClusterClient Plan { get; }

    public RecordingClusterClient Cluster { get; }

    public CountingStateStore Store { get; }

    public StateTenantDirectory Directory { get; }

    public TenantHandler Handler { get; }

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "tenants", name));

    public static CloudEvent Event(string type, string? json) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Source = new Uri("/portal", UriKind.Relative),
        Type = type,
        DataContentType = "application/json",
        Data = json is null ? null : JsonSerializer.Deserialize(json, KabinJsonContext.Default.JsonElement),
    };

    /// <summary>Sends one event and returns the reply, which every tenant event has.</summary>
    public async Task<CloudEvent> SendAsync(string type, string? json)
    {
        var result = await Handler.HandleAsync(Event(type, json), CancellationToken.None);
        Assert.Empty(result.Published);
        return result.Reply ?? throw new InvalidOperationException("The tenant handler gave no reply.");
    }

    public static JsonObject DataOf(CloudEvent reply) =>
        JsonSerializer.SerializeToNode((JsonElement)reply.Data!, KabinJsonContext.Default.JsonElement)!.AsObject();

    public async Task<T?> ReadAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class =>
        (await _sqlite.GetAsync(key, typeInfo, CancellationToken.None))?.Value;

    /// <summary>Every tenant's name in the index, over all its shards.</summary>
    public Task<IReadOnlyList<string>> IndexedTenantsAsync() => TenantIndexShards.AllAsync(_sqlite, CancellationToken.None);

    public Task SeedAsync<T>(string key, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        _sqlite.SaveAsync(key, value, typeInfo, CancellationToken.None);

    public void Dispose()
    {
        _sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is left for the temp cleaner; the test outcome does not depend on it.
        }
    }
}
