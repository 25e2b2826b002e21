using CloudNative.CloudEvents;
using Microsoft.Extensions.Logging;

namespace Kabin.Events;

/// <summary>The sink where <c>K_SINK</c> is unset: events are logged (attributes only, never data) and dropped.</summary>
public sealed partial class LoggingEventSink(ILogger<LoggingEventSink> logger) : IEventSink
{
    public Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        LogUnsent(cloudEvent.Type, cloudEvent.Id, cloudEvent.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "K_SINK is unset; not sending {EventType} {EventId} about {Subject}")]
    private partial void LogUnsent(string? eventType, string? eventId, string? subject);
}
