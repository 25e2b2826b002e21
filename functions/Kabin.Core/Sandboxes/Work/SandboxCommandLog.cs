namespace Kabin.Sandboxes.Work;

/// <summary>
/// Which <c>command.requested</c> events a sandbox ran (by cause: source and id) and what each
/// answered, so a redelivery answers the same event instead of running the command again. Kept
/// to <see cref="MaxEntries"/> entries and <see cref="MaxBytes"/> of output, oldest dropped first.
/// </summary>
public sealed record SandboxCommandLog(IReadOnlyList<SandboxCommandLogEntry> Entries)
{
    public const int MaxEntries = 32;
    public const int MaxBytes = 40 * 1024;

    public SandboxCommandLogEntry? Find(string cause) => Entries.LastOrDefault(entry => entry.Cause == cause);

    /// <summary>This log with <paramref name="entry"/> in place of any entry of the same cause, trimmed to the bounds.</summary>
    public SandboxCommandLog With(SandboxCommandLogEntry entry)
    {
        var entries = Entries.Where(existing => existing.Cause != entry.Cause).Append(entry).ToList();
        while (entries.Count > 1 && (entries.Count > MaxEntries || entries.Sum(e => e.Size) > MaxBytes))
        {
            entries.RemoveAt(0);
        }

        return new SandboxCommandLog(entries);
    }

    public SandboxCommandLog Without(string cause) => new([.. Entries.Where(entry => entry.Cause != cause)]);
}

/// <summary>
/// One command event: when a delivery started running it, and once it ended, the answer's time and
/// data (its id follows from the cause, as every answer's does).
/// </summary>
public sealed record SandboxCommandLogEntry(string Cause, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt = null, SandboxCommandCompleted? Answer = null)
{
    internal int Size => 256 + Cause.Length + (Answer?.Stdout?.Length ?? 0) + (Answer?.Stderr?.Length ?? 0) + (Answer?.Error?.Length ?? 0);
}
