namespace Kabin.Sandboxes;

/// <summary>Moves a record along <see cref="SandboxTransitions"/>, recording each step in its history.</summary>
internal static class SandboxStateMachine
{
    /// <summary>The record after <paramref name="trigger"/>, or null when the trigger does not fit its state.</summary>
    public static SandboxRecord? Move(SandboxRecord record, SandboxTrigger trigger, DateTimeOffset at, string reason) =>
        SandboxTransitions.TryNext(record.State, trigger, out var next)
            ? record with { State = next, History = [.. record.History, new SandboxHistoryEntry(next, at, reason)] }
            : null;

    /// <summary>
    /// The record after an event about its pod (or claim, or Sandbox), or null when the event is not about the object that runs this record, is
    /// older than the last one applied, or does not fit the current state.
    /// </summary>
    public static SandboxRecord? Observe(SandboxRecord record, SandboxPodObservation pod, DateTimeOffset at)
    {
        var workload = record.Workload();
        if (pod.Namespace != record.Namespace || pod.Kind != workload.Kind || pod.ObjectName != workload.Name)
        {
            return null;
        }

        if (pod.ResourceVersion is { } seen && record.PodResourceVersion is { } last && seen <= last)
        {
            return null;
        }

        var moved = Move(record, pod.Trigger, at, pod.Describe());
        return moved is null
            ? null
            : moved with
            {
                Phase = pod.Phase ?? moved.Phase,
                ExitCode = pod.ExitCode ?? moved.ExitCode,
                Reason = pod.Reason ?? moved.Reason,
                PodResourceVersion = pod.ResourceVersion ?? moved.PodResourceVersion,
                PodName = pod.BoundPod ?? moved.PodName,
            };
    }
}
