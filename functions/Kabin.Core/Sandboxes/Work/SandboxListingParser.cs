using System.Buffers.Text;
using System.Text;

namespace Kabin.Sandboxes.Work;

/// <summary>Reads <see cref="SandboxScripts.List"/>'s output: <c>kind size name</c> per entry, each ended by a NUL.</summary>
internal static class SandboxListingParser
{
    /// <summary>The entries in name order; a last entry without its NUL (the output was cut) is left out.</summary>
    public static IReadOnlyList<SandboxDirectoryEntry> Parse(ReadOnlySpan<byte> output)
    {
        var entries = new List<SandboxDirectoryEntry>();
        while (output.IndexOf((byte)0) is var end and >= 0)
        {
            var entry = output[..end];
            output = output[(end + 1)..];
            var first = entry.IndexOf((byte)' ');
            var second = first < 0 ? -1 : entry[(first + 1)..].IndexOf((byte)' ');
            if (second < 0)
            {
                continue;
            }

            var kind = Encoding.UTF8.GetString(entry[..first]);
            _ = Utf8Parser.TryParse(entry.Slice(first + 1, second), out long size, out _);
            var name = Encoding.UTF8.GetString(entry[(first + second + 2)..]);
            entries.Add(new SandboxDirectoryEntry(name, kind is "file" or "directory" or "symlink" ? kind : "other", size));
        }

        return [.. entries.OrderBy(entry => entry.Name, StringComparer.Ordinal)];
    }
}
