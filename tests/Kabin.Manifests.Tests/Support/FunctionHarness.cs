using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Adapters.Sqlite;
using Kabin.Cluster;
using Kabin.Events;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Manifests.Tests.Support;

/// <summary>The functions as the host composes them, in plan mode with an embedded store, recording what they ask of the cluster.</summary>
public sealed class FunctionHarness : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kabin-harness-");
    private readonly ServiceProvider _provider;
    private readonly SqliteStateStore _planned;

    public FunctionHarness(string functions)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kabin:State:Sqlite:Path"] = Path.Combine(_folder.FullName, "state.db") })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSqliteStateStore();
        _planned = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder.FullName, "plan.db") }));
        Cluster = new RecordingClusterClient(TimeProvider.System, _planned);
        services.AddSingleton<IClusterClient>(Cluster);
        services.AddKabin(KabinFunctions.Parse(functions));
        _provider = services.BuildServiceProvider();
    }

    public RecordingClusterClient Cluster { get; }

    /// <summary>Every event type the composed functions' handlers register.</summary>
    public IReadOnlySet<string> HandledTypes => _provider.GetRequiredService<EventDispatcher>().HandledTypes;

    public async Task<string?> SendAsync(string type, string json)
    {
        var cloudEvent = new CloudEvent
        {
            Id = Guid.NewGuid().ToString(),
            Source = new Uri("/manifest-tests", UriKind.Relative),
            Type = type,
            DataContentType = "application/json",
            Data = JsonSerializer.Deserialize(json, KabinJsonContext.Default.JsonElement),
        };
        var outcome = await _provider.GetRequiredService<EventDispatcher>().DispatchAsync(cloudEvent, CancellationToken.None);
        return outcome.Reply?.Type;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _planned.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
