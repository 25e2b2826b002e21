namespace Kabin.Sandboxes;

/// <summary>One live sandbox in its tenant's index, with the deadline the reaper acts on.</summary>
public sealed record SandboxIndexEntry(string Name, DateTimeOffset ExpiresAt);
