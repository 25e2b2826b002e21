using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kabin.Adapters.OpenTelemetry;

/// <summary>
/// Builds the OpenTelemetry providers on a pool thread while the host goes on starting, instead of
/// in the SDK's own hosted service, which builds them before the server listens: a third of the
/// AOT cold start (docs/performance.md). Nothing is measured until a request arrives, and the
/// host's first middleware awaits <see cref="Ready"/>, so no measurement is lost.
/// </summary>
public sealed partial class TelemetryStart(IServiceProvider services, ILogger<TelemetryStart> logger) : IHostedService
{
    private Task _ready = Task.CompletedTask;

    /// <summary>Complete once the providers exist (and at once when the host was not started).</summary>
    public Task Ready => _ready;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ready = Task.Run(() =>
        {
            var started = Stopwatch.GetTimestamp();
            _ = services.GetService<MeterProvider>();
            _ = services.GetService<TracerProvider>();
            LogBuilt(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _ready;

    [LoggerMessage(Level = LogLevel.Debug, Message = "OpenTelemetry providers built in {Milliseconds} ms")]
    private partial void LogBuilt(double milliseconds);
}
