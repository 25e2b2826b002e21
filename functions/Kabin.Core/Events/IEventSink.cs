using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>Where events beyond the reply go: <c>K_SINK</c> on Knative, the log when none is set.</summary>
public interface IEventSink
{
    Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken);
}
