using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Core.Tests.Support;

/// <summary>A sink that keeps what it is given, in order, for assertions.</summary>
public sealed class RecordingEventSink : IEventSink
{
    private readonly ConcurrentQueue<CloudEvent> _events = new();

    public IReadOnlyList<CloudEvent> Events => [.. _events];

    public Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(cloudEvent);
        return Task.CompletedTask;
    }
}
