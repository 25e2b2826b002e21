using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>
/// What a handler produced: an optional reply and any further events for the sink, and what to do
/// once the sink has taken every one of them (<see cref="Acknowledged"/>: a handler that keeps its
/// events until then, as an outbox, clears them there).
/// </summary>
public sealed record HandlerResult(CloudEvent? Reply, IReadOnlyList<CloudEvent> Published)
{
    public Func<CancellationToken, Task>? Acknowledged { get; init; }

    public static HandlerResult Nothing { get; } = new(null, []);

    public static HandlerResult ReplyWith(CloudEvent reply) => new(reply, []);

    public static HandlerResult ReplyWith(CloudEvent reply, IReadOnlyList<CloudEvent> published) => new(reply, published);
}
