namespace Kabin.Sandboxes;

/// <summary>
/// One live sandbox in its tenant's index, with the deadline the reaper acts on. The entry is
/// what claims the name: <paramref name="RequestId"/> is the id of the request event that added
/// it, so that a redelivery of that same event can finish a creation cut short.
/// </summary>
public sealed record SandboxIndexEntry(string Name, DateTimeOffset ExpiresAt, string? RequestId = null);
