namespace Kabin.Sandboxes.Work;

/// <summary>Limits on commands and files in sandboxes: <see cref="SandboxOptions.Work"/>, bound from <c>Kabin:Sandboxes:Work</c>.</summary>
public sealed class SandboxWorkOptions
{
    public const string Section = "Kabin:Sandboxes:Work";

    /// <summary>The container commands run in; Kabin's sandbox pods name theirs <c>sandbox</c>.</summary>
    public string Container { get; set; } = "sandbox";

    /// <summary>The directory file paths are relative to, and the working directory a command starts in unless it names one.</summary>
    public string Root { get; set; } = "/work";

    /// <summary>Bytes kept of each of stdout and stderr; more is read and dropped, and the answer says <c>truncated</c>.</summary>
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Bytes of each of stdout and stderr carried in a <c>dev.kabin.sandbox.command.completed</c> event.</summary>
    public int MaxEventOutputBytes { get; set; } = 4096;

    /// <summary>Bytes of <c>stdin</c> a command may be given.</summary>
    public int MaxStdinBytes { get; set; } = 1024 * 1024;

    /// <summary>Bytes of argv and environment together.</summary>
    public int MaxCommandBytes { get; set; } = 32 * 1024;

    public int DefaultTimeoutSeconds { get; set; } = 60;

    public int MaxTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// How long past its timeout Kabin waits for a killed command's stream to end before it gives
    /// up on it (a sandbox without <c>setsid</c> can keep a killed command's children writing).
    /// </summary>
    public int KillGraceSeconds { get; set; } = 10;

    /// <summary>Commands and file transfers one replica runs at once in one sandbox; more are refused with 429.</summary>
    public int MaxConcurrentPerSandbox { get; set; } = 4;

    /// <summary>Bytes of a file written or read in one request.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of a directory listing; longer listings are cut and say <c>truncated</c>.</summary>
    public int MaxListingBytes { get; set; } = 1024 * 1024;
}
