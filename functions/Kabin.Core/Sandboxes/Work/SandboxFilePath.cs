using System.Text;

namespace Kabin.Sandboxes.Work;

/// <summary>
/// A file path of the files API: relative to the sandbox's root, in segments that are neither
/// empty, <c>.</c> nor <c>..</c>, so it can only name something under the root. The VM is the
/// tenant's own, so a symlink the tenant made under the root is followed, as any command would.
/// </summary>
public static class SandboxFilePath
{
    public const int MaxBytes = 4096;
    private const int MaxSegmentBytes = 255;

    /// <summary>
    /// The absolute path in the sandbox for <paramref name="relative"/> (empty: the root itself).
    /// Throws <see cref="SandboxWorkRefusedException"/> (400) for anything that could leave the root.
    /// </summary>
    public static string Resolve(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relative);
        var trimmed = relative.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return relative.Length == 0 ? root : throw Invalid("an absolute path such as '/etc' is not under the root; name a path relative to it");
        }

        if (trimmed.StartsWith('/'))
        {
            throw Invalid("an absolute path is not under the root; name a path relative to it");
        }

        if (Encoding.UTF8.GetByteCount(trimmed) > MaxBytes)
        {
            throw Invalid($"the path is longer than {MaxBytes} bytes");
        }

        if (trimmed.Contains('\0', StringComparison.Ordinal) || trimmed.Contains("%2f", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("the path has a NUL or an encoded '/' (%2F)");
        }

        foreach (var segment in trimmed.Split('/'))
        {
            if (!IsCleanSegment(segment))
            {
                throw Invalid($"the path has a segment '{segment}'; '..' and '.' and empty segments are refused, so a path cannot leave the root");
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                throw Invalid($"a segment of the path is longer than {MaxSegmentBytes} bytes");
            }
        }

        return root.TrimEnd('/') + "/" + trimmed;
    }

    /// <summary>Whether <paramref name="path"/> is absolute with no empty, <c>.</c> or <c>..</c> segment.</summary>
    public static bool IsAbsoluteClean(string? path) =>
        path is ['/', ..] && (path == "/" || path.TrimEnd('/')[1..].Split('/').All(IsCleanSegment))
        && !path.Contains('\0', StringComparison.Ordinal);

    /// <summary>A segment that names a child: not empty, <c>.</c> or <c>..</c>.</summary>
    private static bool IsCleanSegment(string segment) => segment is not ("" or "." or "..");

    private static SandboxWorkRefusedException Invalid(string why) => new(SandboxWorkRefusal.InvalidPath, $"Invalid file path: {why}.");
}
