namespace Kabin;

/// <summary>No enabled function handles the event's type: answered 400.</summary>
public sealed class UnhandledEventTypeException(string eventType)
    : KabinException($"No enabled function handles event type '{eventType}'. Check KABIN_FUNCTIONS and the Trigger's filter.")
{
    public string EventType { get; } = eventType;
}
