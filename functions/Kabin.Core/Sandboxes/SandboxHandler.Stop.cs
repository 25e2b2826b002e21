using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Policy;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    /// <summary>
    /// Moves the sandbox to Stopping and deletes its pod with the grace period. With a cluster the
    /// <c>deleted</c> event follows the pod's delete event; in plan mode (no pod events follow) or
    /// when the pod was already gone the sandbox is Deleted at once.
    /// </summary>
    private async Task<HandlerResult> HandleStopAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var request = EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxStopRequest);
        if (string.IsNullOrWhiteSpace(request.Tenant) || string.IsNullOrWhiteSpace(request.Name))
        {
            throw new InvalidEventDataException(
                "A stop request names the sandbox: send { \"tenant\": ..., \"name\": ... }.",
                [new FieldError(string.IsNullOrWhiteSpace(request.Tenant) ? "tenant" : "name", "Required.")]);
        }

        cloudEvent.EnsureActsFor(request.Tenant, _options.RequireTenantAttribute);
        var (tenant, name) = (request.Tenant, request.Name);
        var at = timeProvider.GetUtcNow();
        var (before, after) = await MoveAsync(tenant, name,
            current => SandboxStateMachine.Move(current, SandboxTrigger.Stop, at, "stop requested"), cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return Reject(tenant, name, cloudEvent, new PolicyViolation("sandbox/unknown", "name",
                $"Tenant '{tenant}' has no sandbox named '{name}'. Check the name in the created event."));
        }

        var current = after ?? before;
        if (current.State != SandboxState.Stopping)
        {
            // Already ended (Deleted, Expired): a repeated stop reports where it is.
            LogIgnored(tenant, name, cloudEvent.Type, current.State);
            return HandlerResult.ReplyWith(AnswerFor(current, SandboxEvents.Current(current.State), cloudEvent));
        }

        // Stopping, newly or by a redelivered stop: deleting again is harmless.
        var existed = await cluster.DeleteAsync(WorkloadOf(current), GracePeriod, cancellationToken).ConfigureAwait(false);
        if (cluster.Mode == ClusterMode.Apply && existed)
        {
            return HandlerResult.Nothing;
        }

        if (cluster.Mode == ClusterMode.Apply && after is null && !StoppingTooLong(current, at))
        {
            // A redelivered stop whose pod is gone: the pod's delete event ends the sandbox, as it
            // would have without the redelivery. Only if that event never came does a stop end it.
            LogIgnored(tenant, name, cloudEvent.Type, current.State);
            return HandlerResult.Nothing;
        }

        var reason = existed ? "pod deleted (plan mode: no pod events follow)" : "pod was already gone";
        var (_, deleted) = await MoveAsync(tenant, name,
            record => Answered(SandboxStateMachine.Move(record, SandboxTrigger.PodDeleted, at, reason), cloudEvent, at), cancellationToken).ConfigureAwait(false);
        var now = deleted ?? (await _sandboxes.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false))?.Value ?? current;
        return HandlerResult.ReplyWith(AnswerFor(now, SandboxEvents.Current(now.State), cloudEvent));
    }

    /// <summary>Stopping for longer than the grace period and a minute: the pod's delete event is not coming.</summary>
    private bool StoppingTooLong(SandboxRecord record, DateTimeOffset now) =>
        record.History.LastOrDefault(entry => entry.State == SandboxState.Stopping) is { } stopping
        && now - stopping.At > GracePeriod + TimeSpan.FromMinutes(1);
}
