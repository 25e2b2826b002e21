namespace Kabin.Events;

/// <summary>How specifically a handler claims an event; the most specific handler's reply wins.</summary>
public enum EventClaim
{
    None = 0,
    ByType = 1,
    BySubject = 2,
}
