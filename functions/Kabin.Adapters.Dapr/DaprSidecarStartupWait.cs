using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// Holds the host's start until the sidecar is ready for outbound calls, at most
/// <see cref="DaprStateStoreOptions.StartupWait"/>: the sidecar starts beside the app, and an
/// event taken before it is up could only fail. Past the bound the host starts anyway and its
/// readiness answers 503 until the sidecar does.
/// </summary>
public sealed partial class DaprSidecarStartupWait(
    DaprSidecarHealth health, IOptions<DaprStateStoreOptions> options, ILogger<DaprSidecarStartupWait> logger) : IHostedService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!health.IsChecked)
        {
            return;
        }

        var bound = options.Value.StartupWait;
        var started = Stopwatch.GetTimestamp();
        while (!await health.IsReadyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) >= bound)
            {
                LogNotReady(bound);
                return;
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }

        var waited = Stopwatch.GetElapsedTime(started);
        if (waited > Interval)
        {
            LogReady(waited.TotalMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The Dapr sidecar was not ready for outbound calls within {Bound}; starting anyway, readiness answers 503 until it is")]
    private partial void LogNotReady(TimeSpan bound);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Dapr sidecar became ready after {Milliseconds} ms")]
    private partial void LogReady(double milliseconds);
}
