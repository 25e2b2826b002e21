namespace Kabin.Sandboxes.Work;

/// <summary>A directory in a sandbox: its entries in name order, cut at the listing limit with <see cref="Truncated"/> set.</summary>
public sealed record SandboxDirectoryListing(string Path, IReadOnlyList<SandboxDirectoryEntry> Entries, bool Truncated);

/// <summary>One entry: <c>file</c>, <c>directory</c>, <c>symlink</c> or <c>other</c>; size in bytes for files.</summary>
public sealed record SandboxDirectoryEntry(string Name, string Kind, long Size);
