using System.Collections;
using CloudNative.CloudEvents;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>The log scope of one event: id, type, source and subject, never data or headers.</summary>
internal sealed class EventLogScope(CloudEvent cloudEvent) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _items =
    [
        new("EventId", cloudEvent.Id),
        new("EventType", cloudEvent.Type),
        new("EventSource", cloudEvent.Source?.ToString()),
        new("EventSubject", cloudEvent.Subject),
    ];

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CloudEvent {cloudEvent.Type} {cloudEvent.Id} from {cloudEvent.Source} about {cloudEvent.Subject}";
}
