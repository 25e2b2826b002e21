namespace Kabin.Sandboxes;

/// <summary>
/// A tenant's live sandboxes. Every change goes through an ETag-conditional write, which is what
/// makes the tenant's sandbox maximum hold under concurrent requests.
/// </summary>
public sealed record SandboxIndex(IReadOnlyList<SandboxIndexEntry> Sandboxes)
{
    public static SandboxIndex Empty { get; } = new([]);
}
