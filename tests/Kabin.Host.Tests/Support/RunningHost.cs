using Kabin.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Host.Tests.Support;

/// <summary>The real host started in-process on a loopback port, with the echo function added.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _stateFolder;

    private RunningHost(WebApplication app, string stateFolder)
    {
        _app = app;
        _stateFolder = stateFolder;
        BaseAddress = new Uri(app.Urls.First());
        Urls = [.. app.Urls.Select(url => new Uri(url))];
        // A client that sends Expect: 100-continue waits this long for the verdict before it uploads
        // anyway; the default second is less than a loaded machine may take to answer 413, and an
        // upload the host has already refused then ends in a broken pipe instead of the answer.
        Client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>Every address the host listens on, the serving one first.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<RunningHost> StartAsync(params string[] extraArgs) => StartAsync(configure: null, extraArgs);

    /// <summary>Starts the host after <paramref name="configure"/> changed its services (a decorated port, say).</summary>
    public static async Task<RunningHost> StartAsync(Action<IServiceCollection>? configure, params string[] extraArgs)
    {
        var stateFolder = Path.Combine(Path.GetTempPath(), "kabin-host-tests", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Kabin:State:Sqlite:Path={Path.Combine(stateFolder, "state.db")}",
            "--Logging:LogLevel:Default=Error",
            .. extraArgs,
        ];
        var builder = KabinHost.CreateBuilder(args);
        builder.Services.AddSingleton<IFunctionHandler, EchoHandler>();
        configure?.Invoke(builder.Services);
        var app = KabinHost.Build(builder);
        await app.StartAsync();
        return new RunningHost(app, stateFolder);
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
