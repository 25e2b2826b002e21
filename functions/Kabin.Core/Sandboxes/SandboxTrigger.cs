namespace Kabin.Sandboxes;

/// <summary>What can move a sandbox: the function's own steps and the pod events it receives.</summary>
public enum SandboxTrigger
{
    PodApplied,
    PodPending,
    PodRunning,
    PodSucceeded,
    PodFailed,
    PodDeleted,
    Stop,
    Expire,
}
