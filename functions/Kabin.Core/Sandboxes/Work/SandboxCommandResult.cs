namespace Kabin.Sandboxes.Work;

/// <summary>
/// How a command ended: its exit code (137 when its timeout killed it), what it printed (as UTF-8
/// text, each stream cut at the limit with <see cref="Truncated"/> set) and how long it ran.
/// </summary>
public sealed record SandboxCommandResult
{
    public required int ExitCode { get; init; }

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    public required bool Truncated { get; init; }

    public required bool TimedOut { get; init; }

    public required long DurationMs { get; init; }
}
