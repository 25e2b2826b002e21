namespace Kabin.Sandboxes;

/// <summary>One transition of a sandbox, kept for polling.</summary>
public sealed record SandboxHistoryEntry(SandboxState State, DateTimeOffset At, string Reason);
