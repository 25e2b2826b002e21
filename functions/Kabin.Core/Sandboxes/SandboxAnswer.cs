namespace Kabin.Sandboxes;

/// <summary>
/// An event a sandbox transition emitted, kept with the record it changed (in the same write) under
/// the key of the event that caused it, so that a redelivery of that cause answers the same event
/// again (same id, time and data) instead of nothing, even after the sandbox moved on.
/// </summary>
public sealed record SandboxAnswer(string Cause, string Type, DateTimeOffset At, SandboxEventData Data, string Id);
