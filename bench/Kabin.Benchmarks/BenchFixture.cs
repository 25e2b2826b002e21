using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Adapters.Sqlite;
using Kabin.Cluster;
using Kabin.Policy;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kabin.Benchmarks;

/// <summary>
/// The functions wired as the host wires them in plan mode: a SQLite state store in a temp folder,
/// the plan-mode cluster client, the cached tenant directory, and the tenant <c>acme</c> provisioned
/// through the tenant handler itself, so the policy benchmarks check against a real tenant record.
/// </summary>
public sealed class BenchFixture : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-bench", Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _store;

    public BenchFixture()
    {
        _store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
        Directory = new StateTenantDirectory(_store, TimeProvider.System, Options.Create(new TenantDirectoryOptions()));
        Tenants = new TenantHandler(
            _store, new PlanClusterClient(TimeProvider.System, _store), Directory, Options.Create(new TenantOptions()),
            TimeProvider.System, NullLogger<TenantHandler>.Instance);
        Engine = new PolicyEngine();
        Policy = new PolicyFunctionHandler(Engine, Directory, NullLogger<PolicyFunctionHandler>.Instance);
        Admission = new AdmissionReviewHandler(Engine, Directory, Microsoft.Extensions.Options.Options.Create(new AdmissionOptions()), NullLogger<AdmissionReviewHandler>.Instance);

        var reply = Tenants.HandleAsync(Event(TenantEventTypes.Created, BenchData.Read("tenant.json")), CancellationToken.None)
            .GetAwaiter().GetResult().Reply;
        if (reply?.Type != TenantEventTypes.Provisioned)
        {
            throw new InvalidOperationException($"The bench tenant was not provisioned: {reply?.Type}.");
        }

        Tenant = Directory.FindByNameAsync("acme", CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("The bench tenant record was not stored.");
    }

    public StateTenantDirectory Directory { get; }

    public TenantHandler Tenants { get; }

    public PolicyEngine Engine { get; }

    public PolicyFunctionHandler Policy { get; }

    public AdmissionReviewHandler Admission { get; }

    public TenantRecord Tenant { get; }

    public static CloudEvent Event(string type, byte[] json) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Source = new Uri("/bench", UriKind.Relative),
        Type = type,
        DataContentType = "application/json",
        Data = JsonSerializer.Deserialize(json, KabinJsonContext.Default.JsonElement),
    };

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_folder, recursive: true);
    }
}
