using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Adapters.CloudEvents;
using Kabin.Events;
using Kabin.Sandboxes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kabin.Functions.Worker;

/// <summary>
/// The sandbox reaper on a timer (<c>KABIN_REAPER_SCHEDULE</c>, six-field CRON): each tick is a
/// <c>dev.knative.sources.ping</c> event through the sandbox function's dispatcher, as a
/// PingSource sends it on Knative. The tick's reply has no HTTP caller, so it goes to the sink too.
/// </summary>
public sealed partial class SandboxReaperFunction(
    FunctionDispatchers dispatchers, IEventSink sink, TimeProvider time, ILogger<SandboxReaperFunction> logger)
{
    private static readonly Uri Source = new("/kabin/functions-worker/sandbox-reaper", UriKind.Relative);

    [Function("sandbox-reaper")]
    public async Task RunAsync([TimerTrigger("%KABIN_REAPER_SCHEDULE%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        var tick = new CloudEvent
        {
            Id = Guid.NewGuid().ToString(),
            Source = Source,
            Type = SandboxEventTypes.Tick,
            Time = time.GetUtcNow(),
            DataContentType = "application/json",
            Data = JsonDocument.Parse("{}").RootElement,
        };
        using var activity = EventTracing.Start(tick);
        var outcome = await dispatchers.For(KabinFunctions.Sandbox).DispatchAsync(tick, cancellationToken).ConfigureAwait(false);
        if (outcome.Reply is { } reply)
        {
            await sink.PublishAsync(reply, cancellationToken).ConfigureAwait(false);
        }

        LogTicked(timer.IsPastDue, outcome.Reply?.Type);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reaper tick done (past due: {PastDue}); reply {ReplyType}")]
    private partial void LogTicked(bool pastDue, string? replyType);
}
