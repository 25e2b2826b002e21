namespace Kabin.Sandboxes;

/// <summary>
/// The sandbox state machine as data (documented in docs/sandboxes.md). A trigger that has no
/// row for the current state is acknowledged without a change: late, duplicated or out-of-order.
/// </summary>
public static class SandboxTransitions
{
    private const SandboxState Requested = SandboxState.Requested;
    private const SandboxState Creating = SandboxState.Creating;
    private const SandboxState Pending = SandboxState.Pending;
    private const SandboxState Running = SandboxState.Running;
    private const SandboxState Succeeded = SandboxState.Succeeded;
    private const SandboxState Failed = SandboxState.Failed;
    private const SandboxState Stopping = SandboxState.Stopping;

    /// <summary>(from, trigger) → to.</summary>
    public static IReadOnlyDictionary<(SandboxState From, SandboxTrigger Trigger), SandboxState> Table { get; } =
        new Dictionary<(SandboxState, SandboxTrigger), SandboxState>
        {
            [(Requested, SandboxTrigger.PodApplied)] = Creating,
            // A pod event can overtake the function's own write after the apply.
            [(Requested, SandboxTrigger.PodPending)] = Pending,
            [(Requested, SandboxTrigger.PodRunning)] = Running,
            [(Requested, SandboxTrigger.PodSucceeded)] = Succeeded,
            [(Requested, SandboxTrigger.PodFailed)] = Failed,
            [(Requested, SandboxTrigger.PodDeleted)] = SandboxState.Deleted,
            [(Creating, SandboxTrigger.PodPending)] = Pending,
            [(Creating, SandboxTrigger.PodRunning)] = Running,
            [(Pending, SandboxTrigger.PodRunning)] = Running,
            [(Creating, SandboxTrigger.PodSucceeded)] = Succeeded,
            [(Pending, SandboxTrigger.PodSucceeded)] = Succeeded,
            [(Running, SandboxTrigger.PodSucceeded)] = Succeeded,
            [(Creating, SandboxTrigger.PodFailed)] = Failed,
            [(Pending, SandboxTrigger.PodFailed)] = Failed,
            [(Running, SandboxTrigger.PodFailed)] = Failed,
            [(Creating, SandboxTrigger.PodDeleted)] = SandboxState.Deleted,
            [(Pending, SandboxTrigger.PodDeleted)] = SandboxState.Deleted,
            [(Running, SandboxTrigger.PodDeleted)] = SandboxState.Deleted,
            [(Stopping, SandboxTrigger.PodDeleted)] = SandboxState.Deleted,
            [(Requested, SandboxTrigger.Stop)] = Stopping,
            [(Creating, SandboxTrigger.Stop)] = Stopping,
            [(Pending, SandboxTrigger.Stop)] = Stopping,
            [(Running, SandboxTrigger.Stop)] = Stopping,
            [(Succeeded, SandboxTrigger.Stop)] = Stopping,
            [(Failed, SandboxTrigger.Stop)] = Stopping,
            [(Requested, SandboxTrigger.Expire)] = SandboxState.Expired,
            [(Creating, SandboxTrigger.Expire)] = SandboxState.Expired,
            [(Pending, SandboxTrigger.Expire)] = SandboxState.Expired,
            [(Running, SandboxTrigger.Expire)] = SandboxState.Expired,
            [(Stopping, SandboxTrigger.Expire)] = SandboxState.Expired,
        };

    public static bool TryNext(SandboxState from, SandboxTrigger trigger, out SandboxState to) =>
        Table.TryGetValue((from, trigger), out to);

    /// <summary>States that no longer hold a place in the tenant's sandbox count.</summary>
    public static bool IsTerminal(SandboxState state) =>
        state is Succeeded or Failed or SandboxState.Deleted or SandboxState.Expired;
}
