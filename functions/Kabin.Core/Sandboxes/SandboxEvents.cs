using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Policy;

namespace Kabin.Sandboxes;

/// <summary>Builds the events the sandbox function emits, with subject <c>{tenant}/{name}</c>.</summary>
internal static class SandboxEvents
{
    /// <summary>The event a transition into <paramref name="state"/> emits, or null (Pending, Stopping).</summary>
    public static string? OnEntering(SandboxState state) => state switch
    {
        SandboxState.Creating => SandboxEventTypes.Created,
        SandboxState.Running => SandboxEventTypes.Running,
        SandboxState.Succeeded or SandboxState.Failed => SandboxEventTypes.Terminated,
        SandboxState.Deleted => SandboxEventTypes.Deleted,
        SandboxState.Expired => SandboxEventTypes.Expired,
        _ => null,
    };

    /// <summary>The event that tells a repeated request where the sandbox is now.</summary>
    public static string Current(SandboxState state) => OnEntering(state) ?? SandboxEventTypes.Created;

    /// <summary>
    /// The event of <paramref name="type"/> about the record as it is, at the time it entered its
    /// current state: a redelivery that asks where the sandbox is gets the same event until it moves.
    /// </summary>
    public static CloudEvent For(SandboxRecord record, string type, bool withPod, CloudEvent cause) =>
        From(DataFor(record, type, withPod), type, record.EnteredStateAt(), cause);

    /// <summary>What an event of <paramref name="type"/> says about <paramref name="record"/>.</summary>
    public static SandboxEventData DataFor(SandboxRecord record, string type, bool withPod) => new()
    {
        Tenant = record.Tenant,
        Name = record.Name,
        State = record.State,
        Namespace = record.Namespace,
        PodName = record.PodName,
        RuntimeClass = record.RuntimeClass,
        ExpiresAt = record.ExpiresAt,
        Phase = record.Phase,
        ExitCode = record.ExitCode,
        Reason = record.Reason,
        Pod = withPod && type == SandboxEventTypes.Created ? record.Pod.DeepClone().AsObject() : null,
    };

    /// <summary>The event of a stored answer; the same cause and answer give the same event.</summary>
    public static CloudEvent From(SandboxAnswer answer, CloudEvent cause)
    {
        var cloudEvent = From(answer.Data, answer.Type, answer.At, cause);
        cloudEvent.Id = answer.Id;
        return cloudEvent;
    }

    /// <summary>The id the event of <paramref name="type"/> about <paramref name="data"/> takes for <paramref name="cause"/>.</summary>
    public static string IdFor(SandboxEventData data, string type, CloudEvent cause) =>
        KabinCloudEvents.DerivedId(cause, type, SubjectOf(data));

    private static CloudEvent From(SandboxEventData data, string type, DateTimeOffset time, CloudEvent cause) =>
        KabinCloudEvents.Create(KabinFunctions.Sandbox, type, SubjectOf(data), data, SandboxJsonContext.Default.SandboxEventData, time, cause);

    private static string SubjectOf(SandboxEventData data) => $"{data.Tenant}/{data.Name}";

    public static CloudEvent Rejected(string tenant, string name, IReadOnlyList<PolicyViolation> reasons, CloudEvent cause) =>
        KabinCloudEvents.Create(
            KabinFunctions.Sandbox,
            SandboxEventTypes.Rejected,
            $"{tenant}/{name}",
            new SandboxEventData { Tenant = tenant, Name = name, Reasons = reasons },
            SandboxJsonContext.Default.SandboxEventData,
            cause.Time,
            cause);
}
