using System.Collections;
using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// The log scope of one event: id, type, source, subject and the tenant it acts for (its
/// <c>kabintenant</c> attribute, cut and cleaned as subjects are), never data or headers.
/// </summary>
internal sealed class EventLogScope(CloudEvent cloudEvent) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string? _tenant = KabinCloudEvents.SafeSubject(cloudEvent.GetKabinTenant());

    private KeyValuePair<string, object?>[] Items =>
    [
        new("EventId", cloudEvent.Id),
        new("EventType", cloudEvent.Type),
        new("EventSource", cloudEvent.Source?.ToString()),
        new("EventSubject", cloudEvent.Subject),
        new("Tenant", _tenant),
    ];

    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => Items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        $"CloudEvent {cloudEvent.Type} {cloudEvent.Id} from {cloudEvent.Source} about {cloudEvent.Subject}{(_tenant is null ? string.Empty : " for tenant " + _tenant)}";
}
