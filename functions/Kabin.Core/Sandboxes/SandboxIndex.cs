namespace Kabin.Sandboxes;

/// <summary>
/// A tenant's sandboxes. <see cref="Sandboxes"/> are the live ones, which count against the
/// tenant's maximum; every change goes through an ETag-conditional write, which is what makes the
/// maximum hold under concurrent requests. <see cref="Ended"/> are sandboxes that ended, whose
/// records are kept for polling until the entry's <c>ExpiresAt</c>; the tenant function deletes
/// the records of both lists when it deletes the tenant.
/// </summary>
public sealed record SandboxIndex(IReadOnlyList<SandboxIndexEntry> Sandboxes)
{
    public static SandboxIndex Empty { get; } = new([]);

    /// <summary>Ended sandboxes; <c>ExpiresAt</c> is when the reaper forgets the record.</summary>
    public IReadOnlyList<SandboxIndexEntry> Ended { get; init; } = [];
}
