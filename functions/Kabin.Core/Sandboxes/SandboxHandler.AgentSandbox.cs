using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// With agent-sandbox, a claim on a warm pool is bound by its controller within milliseconds
    /// when the pool has a ready member. The request waits for that up to
    /// <see cref="SandboxOptions.WarmClaimGraceMilliseconds"/>, reading the claim, so that its answer
    /// is <c>running</c> as with Kabin's own pools; null when the claim was not Ready by then (the
    /// claim's events move the sandbox later, through a cold start). Whichever of this wait and the
    /// claim's event sees Ready first moves the record; the other finds nothing newer to apply.
    /// </summary>
    private async Task<HandlerResult?> AwaitClaimBoundAsync(SandboxRecord record, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var giveUp = timeProvider.GetUtcNow().AddMilliseconds(_options.WarmClaimGraceMilliseconds);
        var cause = EventKey.Of(cloudEvent);
        while (timeProvider.GetUtcNow() < giveUp)
        {
            if (await cluster.GetAsync(record.Workload(), cancellationToken).ConfigureAwait(false) is not { } claim
                || SandboxPodObservation.Read(claim, deleted: false) is not { } observed)
            {
                return null;
            }

            if (observed.Trigger != SandboxTrigger.PodPending)
            {
                var at = timeProvider.GetUtcNow();
                var (before, after) = await MoveAsync(record.Tenant, record.Name,
                    current => Answered(SandboxStateMachine.Observe(current, observed, at), cloudEvent, at), cancellationToken).ConfigureAwait(false);
                if (after?.AnswerTo(cause) is { } answer)
                {
                    return HandlerResult.ReplyWith(SandboxEvents.From(answer, cloudEvent), FirstCommand(after, answer, cloudEvent));
                }

                // The claim's own event moved it first: report where it is now.
                var now = after ?? before ?? record;
                return HandlerResult.ReplyWith(EventFor(now, SandboxEvents.Current(now.State), cloudEvent));
            }

            await Task.Delay(ClaimPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
