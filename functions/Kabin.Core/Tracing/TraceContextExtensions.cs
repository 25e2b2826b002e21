using CloudNative.CloudEvents;

namespace Kabin.Tracing;

/// <summary>
/// The CloudEvents distributed-tracing extension (<c>traceparent</c>, <c>tracestate</c>), modelled
/// like the SDK's Partitioning extension: one attribute each, with typed accessors.
/// </summary>
public static class TraceContextExtensions
{
    public static CloudEventAttribute TraceParentAttribute { get; } =
        CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static CloudEventAttribute TraceStateAttribute { get; } =
        CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    public static IEnumerable<CloudEventAttribute> AllAttributes { get; } = [TraceParentAttribute, TraceStateAttribute];

    public static string? GetTraceParent(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return (string?)cloudEvent[TraceParentAttribute];
    }

    public static CloudEvent SetTraceParent(this CloudEvent cloudEvent, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        cloudEvent[TraceParentAttribute] = traceParent;
        return cloudEvent;
    }

    public static string? GetTraceState(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return (string?)cloudEvent[TraceStateAttribute];
    }

    public static CloudEvent SetTraceState(this CloudEvent cloudEvent, string? traceState)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        cloudEvent[TraceStateAttribute] = traceState;
        return cloudEvent;
    }

    /// <summary>Carries the trace context of the event that caused <paramref name="target"/>.</summary>
    public static void CopyTraceContext(CloudEvent cause, CloudEvent target)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(target);
        target.SetTraceParent(cause.GetTraceParent());
        target.SetTraceState(cause.GetTraceState());
    }
}
