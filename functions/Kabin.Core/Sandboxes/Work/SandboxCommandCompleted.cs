namespace Kabin.Sandboxes.Work;

/// <summary>
/// The data of <c>dev.kabin.sandbox.command.completed</c>: how the command ended, with each output
/// stream cut at <see cref="SandboxWorkOptions.MaxEventOutputBytes"/>; or, when it could not run
/// (the sandbox is unknown or no longer Running), <see cref="Error"/> and no exit code.
/// </summary>
public sealed record SandboxCommandCompleted
{
    public required string Tenant { get; init; }

    public required string Name { get; init; }

    /// <summary>Which of the request's <c>commands</c> this was, when it was one of them.</summary>
    public int? Step { get; init; }

    public int? ExitCode { get; init; }

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    public bool Truncated { get; init; }

    public bool TimedOut { get; init; }

    public long DurationMs { get; init; }

    public string? Error { get; init; }
}
