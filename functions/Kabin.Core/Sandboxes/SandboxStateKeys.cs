using System.Globalization;

namespace Kabin.Sandboxes;

/// <summary>Where sandbox state lives in the state store.</summary>
public static class SandboxStateKeys
{
    /// <summary>The record of one sandbox.</summary>
    public static string Record(string tenant, string name) => $"sandbox/{tenant}/{name}";

    /// <summary>
    /// The <see cref="SandboxIndex"/> of one tenant. The tenant function creates it when it
    /// provisions the tenant, before the tenant record exists, so that sandbox creation only
    /// ever changes it with ETag concurrency; it is created insert-only, so a redelivered provisioning
    /// never empties an index that already holds sandboxes.
    /// </summary>
    public static string Index(string tenant) => $"sandboxes/{tenant}";

    /// <summary>One shard of the <see cref="SandboxDueBucket"/> of one minute (UTC).</summary>
    public static string Due(DateTimeOffset minute, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"sandbox-due/{minute.UtcDateTime:yyyyMMddHHmm}/{shard}");

    /// <summary>The <see cref="Work.SandboxCommandLog"/> of one sandbox: which command events ran, and what they answered.</summary>
    public static string Commands(string tenant, string name) => $"sandbox-commands/{tenant}/{name}";

    /// <summary>The <see cref="SandboxReaperState"/>: how far the reaper has read the due buckets.</summary>
    public const string Reaper = "sandbox-reaper";
}
