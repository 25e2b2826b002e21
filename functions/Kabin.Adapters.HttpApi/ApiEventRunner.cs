using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Adapters.CloudEvents;
using Kabin.Events;
using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.HttpApi;

/// <summary>
/// Runs one API write as the CloudEvent the functions already handle: a fresh id, source
/// <c>/kabin/api</c>, the same type and data; the dispatcher gives it to the very same handlers.
/// The reply goes to the sink too (on the CloudEvents path it goes back to the broker; here nobody
/// else would see it), after the dispatcher has published any further events.
/// </summary>
public sealed partial class ApiEventRunner(EventDispatcher dispatcher, IEventSink sink, TimeProvider timeProvider, ILogger<ApiEventRunner> logger)
{
    /// <summary>The function name in the source of the events the API sends: <c>/kabin/api</c>.</summary>
    public const string SourceName = "api";

    public async Task<CloudEvent?> RunAsync(string type, string? subject, JsonObject data, CancellationToken cancellationToken)
    {
        var cloudEvent = KabinCloudEvents.Create(SourceName, type, subject, data, KabinJsonContext.Default.JsonObject, timeProvider.GetUtcNow());
        using var activity = EventTracing.Start(cloudEvent);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["EventId"] = cloudEvent.Id,
            ["EventType"] = type,
            ["EventSubject"] = subject,
        });
        try
        {
            var outcome = await dispatcher.DispatchAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
            if (outcome.Reply is { } reply)
            {
                await sink.PublishAsync(reply, cancellationToken).ConfigureAwait(false);
            }

            LogRan(type, outcome.Reply?.Type);
            return outcome.Reply;
        }
        catch (Exception exception)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API call ran {EventType}; reply {ReplyType}")]
    private partial void LogRan(string eventType, string? replyType);
}
