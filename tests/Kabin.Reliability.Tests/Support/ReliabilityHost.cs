using Kabin.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabin.Reliability.Tests.Support;

/// <summary>
/// The real host in-process on a loopback port with its own SQLite file, every log line captured
/// at Debug and above, and optional extra configuration and service overrides.
/// </summary>
public sealed class ReliabilityHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _stateFolder;

    private ReliabilityHost(WebApplication app, string stateFolder, CapturedLogs logs)
    {
        _app = app;
        _stateFolder = stateFolder;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ReliabilityHost> StartAsync(
        IEnumerable<string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var stateFolder = Path.Combine(Path.GetTempPath(), "kabin-reliability-tests", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Kabin:State:Sqlite:Path={Path.Combine(stateFolder, "state.db")}",
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            .. settings ?? [],
        ];
        var builder = KabinHost.CreateBuilder(args);
        var logs = new CapturedLogs();
        // The captured provider stands in for the JSON console: same messages, scopes and exceptions, no terminal noise.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        services?.Invoke(builder.Services);
        var app = KabinHost.Build(builder);
        await app.StartAsync();
        return new ReliabilityHost(app, stateFolder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_stateFolder))
        {
            Directory.Delete(_stateFolder, recursive: true);
        }
    }
}
