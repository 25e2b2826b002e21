namespace Kabin.Sandboxes.Work;

/// <summary>Why work in a sandbox was refused; each maps to one HTTP status (docs/api.md).</summary>
public enum SandboxWorkRefusal
{
    /// <summary>No such sandbox (404).</summary>
    UnknownSandbox,

    /// <summary>The sandbox exists but is not Running (409).</summary>
    NotRunning,

    /// <summary>The path is absolute, has <c>..</c>, or is otherwise not a path under the root (400).</summary>
    InvalidPath,

    /// <summary>The file is not there (404).</summary>
    NoSuchFile,

    /// <summary>The path is of the wrong kind for the call: a directory, a non-empty directory, not a regular file (409).</summary>
    WrongKind,

    /// <summary>Over a size limit (413).</summary>
    TooLarge,

    /// <summary>The upload's length was not declared (411).</summary>
    LengthRequired,

    /// <summary>The sandbox runs as many commands as this replica allows it (429).</summary>
    Busy,

    /// <summary>The sandbox could not do it: a tool missing from its image, a read-only path (422).</summary>
    Failed,
}
