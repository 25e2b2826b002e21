using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    /// <summary>
    /// Moves the sandbox by what its pod reports. An event that does not fit (another pod with the
    /// same labels, an older resourceVersion, a step the table has no row for) changes nothing.
    /// </summary>
    private async Task<HandlerResult> HandlePodEventAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var pod = EventData.Read(cloudEvent, KabinJsonContext.Default.JsonObject);
        var deleted = cloudEvent.Type == SandboxEventTypes.PodDeleted;
        if (SandboxPodObservation.Read(pod, deleted) is not { } observed)
        {
            return HandlerResult.Nothing;
        }

        var at = timeProvider.GetUtcNow();
        var cause = EventKey.Of(cloudEvent);
        var (before, after) = await MoveAsync(observed.Tenant, observed.Name,
            record => Answered(SandboxStateMachine.Observe(record, observed, at), cloudEvent, at), cancellationToken).ConfigureAwait(false);
        if (after is null)
        {
            // A redelivery of an event that already moved the sandbox answers what it answered then.
            if (before?.AnswerTo(cause) is { } earlier)
            {
                LogAnsweredAgain(observed.Tenant, observed.Name, cloudEvent.Type, earlier.Type);
                return HandlerResult.ReplyWith(SandboxEvents.From(earlier, cloudEvent), FirstCommand(before, earlier, cloudEvent));
            }

            LogIgnored(observed.Tenant, observed.Name, cloudEvent.Type, before?.State);
            return HandlerResult.Nothing;
        }

        if (cluster.Innermost() is PlanClusterClient plan)
        {
            // No controller runs in plan mode: keep the planned pod in step with the events sent by hand.
            await MirrorAsync(plan, after, pod, deleted, cancellationToken).ConfigureAwait(false);
        }

        return after.AnswerTo(cause) is { } answer
            ? HandlerResult.ReplyWith(SandboxEvents.From(answer, cloudEvent), FirstCommand(after, answer, cloudEvent))
            : HandlerResult.Nothing;
    }

    /// <summary>
    /// Entering Running starts the request's commands: the first is published, and each completed
    /// one publishes the next (<see cref="Work.SandboxCommandHandler"/>). A redelivered cause
    /// publishes the same event again, which the command's own log answers without running it twice.
    /// </summary>
    private static IReadOnlyList<CloudEvent> FirstCommand(SandboxRecord record, SandboxAnswer answer, CloudEvent cause) =>
        answer.Type == SandboxEventTypes.Running && record.Commands is { Count: > 0 }
            ? [Work.SandboxCommandHandler.StepEvent(record.Tenant, record.Name, 0, cause, answer.At)]
            : [];

    private static async Task MirrorAsync(
        PlanClusterClient plan, SandboxRecord record, System.Text.Json.Nodes.JsonObject pod, bool deleted, CancellationToken cancellationToken)
    {
        if (deleted)
        {
            await plan.DeleteAsync(WorkloadOf(record), gracePeriod: null, cancellationToken).ConfigureAwait(false);
        }
        else if (pod["status"] is System.Text.Json.Nodes.JsonObject status)
        {
            await plan.SetStatusAsync(WorkloadOf(record), status, cancellationToken).ConfigureAwait(false);
        }
    }
}
