using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>What makes a delivery the same event again: its source and id (CloudEvents' uniqueness rule).</summary>
public static class EventKey
{
    public static string Of(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return $"{cloudEvent.Source} {cloudEvent.Id}";
    }
}
