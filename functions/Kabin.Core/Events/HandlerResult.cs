using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>What a handler produced: an optional reply and any further events for the sink.</summary>
public sealed record HandlerResult(CloudEvent? Reply, IReadOnlyList<CloudEvent> Published)
{
    public static HandlerResult Nothing { get; } = new(null, []);

    public static HandlerResult ReplyWith(CloudEvent reply) => new(reply, []);

    public static HandlerResult ReplyWith(CloudEvent reply, IReadOnlyList<CloudEvent> published) => new(reply, published);
}
