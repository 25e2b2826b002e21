using System.Diagnostics;
using CloudNative.CloudEvents;
using Kabin.Telemetry;
using Kabin.Tracing;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// One span per event on <see cref="KabinTelemetry.Source"/>, continuing the event's W3C
/// <c>traceparent</c>. Without a listener the span still exists (unrecorded) so that replies and
/// published events carry the trace on.
/// </summary>
public static class EventTracing
{
    private const string OperationName = "kabin.event.process";

    public static Activity Start(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var hasParent = ActivityContext.TryParse(
            cloudEvent.GetTraceParent(), cloudEvent.GetTraceState(), isRemote: true, out var parent);
        var activity = hasParent
            ? KabinTelemetry.Source.StartActivity(OperationName, ActivityKind.Consumer, parent)
            : KabinTelemetry.Source.StartActivity(OperationName, ActivityKind.Consumer);
        if (activity is null)
        {
            activity = new Activity(OperationName);
            activity.SetIdFormat(ActivityIdFormat.W3C);
            if (hasParent)
            {
                activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
                activity.TraceStateString = parent.TraceState;
            }

            activity.Start();
        }

        activity.SetTag("cloudevents.event_id", cloudEvent.Id);
        activity.SetTag("cloudevents.event_type", cloudEvent.Type);
        activity.SetTag("cloudevents.event_source", cloudEvent.Source?.ToString());
        activity.SetTag("cloudevents.event_subject", cloudEvent.Subject);
        return activity;
    }
}
