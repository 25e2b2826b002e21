namespace Kabin.Sandboxes;

/// <summary>Where a sandbox is in its lifecycle; see <see cref="SandboxTransitions"/> and docs/sandboxes.md.</summary>
public enum SandboxState
{
    Requested,
    Creating,
    Pending,
    Running,
    Succeeded,
    Failed,
    Stopping,
    Deleted,
    Expired,
}
