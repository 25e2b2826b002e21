using System.Globalization;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.State;
using Kabin.Tenants;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    /// <summary>
    /// Reaps sandboxes past their time-to-live: reads each tenant's index and only the records of
    /// entries whose deadline passed (and, for a redelivered tick, of those it ended). The pod is
    /// deleted before the record moves, so a failure retries the deletion. The first
    /// <c>expired</c> is the reply, the others are published; a redelivered tick answers the same
    /// events again, so a sink that failed the first time gets them.
    /// </summary>
    private async Task<HandlerResult> HandleTickAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var tenantIndex = await store.GetAsync(TenantStateKeys.Index, TenantJsonContext.Default.TenantIndex, cancellationToken)
            .ConfigureAwait(false);
        var expired = new List<CloudEvent>();
        var emitted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var failures = 0;
        foreach (var tenant in tenantIndex?.Value.Tenants ?? [])
        {
            var before = expired.Count;
            failures += await ReapTenantAsync(tenant, now, cloudEvent, expired, cancellationToken).ConfigureAwait(false);
            if (expired.Count > before)
            {
                emitted[tenant] = [.. expired.Skip(before).Select(expiredEvent => expiredEvent.Subject![(tenant.Length + 1)..])];
            }
        }

        if (failures > 0)
        {
            LogReapFailures(failures);
        }

        if (expired.Count > 0)
        {
            LogExpired(expired.Count);
        }

        if (expired.Count == 0)
        {
            return HandlerResult.Nothing;
        }

        return HandlerResult.ReplyWith(expired[0], expired[1..]) with
        {
            Acknowledged = async token =>
            {
                foreach (var (tenant, names) in emitted)
                {
                    await _sandboxes.MarkPublishedAsync(tenant, names, token).ConfigureAwait(false);
                }
            },
        };
    }

    /// <summary>
    /// One tenant's part of a tick. A tenant's broken data or failing calls must not stop the
    /// reaping of every tenant after it: each sandbox is its own unit, and a failure is logged with
    /// its cause and left for the next tick (its state did not move, so the next tick tries again).
    /// Returns how many units failed.
    /// </summary>
    private async Task<int> ReapTenantAsync(string tenant, DateTimeOffset now, CloudEvent cause, List<CloudEvent> expired, CancellationToken cancellationToken)
    {
        SandboxIndex? index;
        try
        {
            index = await _sandboxes.GetIndexAsync(tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReapFailed(e, tenant, "(index)");
            return 1;
        }

        var failures = 0;
        var tick = EventKey.Of(cause);
        foreach (var ended in index?.Ended.Where(entry => entry.EndedBy == tick || entry.AwaitingSink == true) ?? [])
        {
            try
            {
                // A redelivered tick answers again for what it expired the first time; any tick sends
                // again what an earlier tick expired and the sink never took.
                if ((await _sandboxes.GetAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false))?.Value?.AnswerTo(ended.EndedBy!) is { } earlier)
                {
                    expired.Add(SandboxEvents.From(earlier, cause));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReapFailed(e, tenant, ended.Name);
                failures++;
            }
        }

        foreach (var entry in index?.Sandboxes.Where(entry => entry.ExpiresAt <= now) ?? [])
        {
            try
            {
                if (await ExpireAsync(tenant, entry, now, cause, cancellationToken).ConfigureAwait(false) is { } emitted)
                {
                    expired.Add(emitted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReapFailed(e, tenant, entry.Name);
                failures++;
            }
        }

        foreach (var finished in index?.Ended.Where(entry => entry.PodDeleteAt <= now) ?? [])
        {
            try
            {
                // A finished pod's time for its logs is over: the record keeps the exit code and history.
                if ((await _sandboxes.GetAsync(tenant, finished.Name, cancellationToken).ConfigureAwait(false))?.Value is { } record)
                {
                    await cluster.DeleteAsync(PodOf(record), gracePeriod: null, cancellationToken).ConfigureAwait(false);
                }

                await _sandboxes.PodDeletedAsync(tenant, finished.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReapFailed(e, tenant, finished.Name);
                failures++;
            }
        }

        foreach (var ended in index?.Ended.Where(entry => entry.ExpiresAt <= now) ?? [])
        {
            try
            {
                // Retention passed: forget the record, then the entry (a failure in between is redone next tick).
                await _sandboxes.DeleteAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false);
                await _sandboxes.RemoveFromIndexAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReapFailed(e, tenant, ended.Name);
                failures++;
            }
        }

        return failures;
    }

    private async Task<CloudEvent?> ExpireAsync(
        string tenant, SandboxIndexEntry entry, DateTimeOffset now, CloudEvent cause, CancellationToken cancellationToken)
    {
        var record = (await _sandboxes.GetAsync(tenant, entry.Name, cancellationToken).ConfigureAwait(false))?.Value;
        if (record is null)
        {
            // A creation cut short before its record: free the claim.
            await _sandboxes.RemoveFromIndexAsync(tenant, entry.Name, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (SandboxTransitions.IsTerminal(record.State))
        {
            // An end whose index update was cut short. An Expired one is a tick cut short: emit its event again.
            var endedBy = record.State == SandboxState.Expired && record.Answers is { Count: > 0 } answers ? answers[^1].Cause : null;
            await _sandboxes.EndAsync(tenant, entry.Name, ForgetAt(), endedBy, cancellationToken).ConfigureAwait(false);
            if (record.State != SandboxState.Expired)
            {
                return null;
            }

            // The event the cut-short tick stored with the expiry, with its id: never a second id for one expiry.
            return record.Answers?.LastOrDefault(answer => answer.Type == SandboxEventTypes.Expired) is { } stored
                ? SandboxEvents.From(stored, cause)
                : EventFor(record, SandboxEventTypes.Expired, cause);
        }

        await cluster.DeleteAsync(PodOf(record), GracePeriod, cancellationToken).ConfigureAwait(false);
        var reason = $"time-to-live of {record.TtlSeconds.ToString(CultureInfo.InvariantCulture)} s passed";
        var tick = EventKey.Of(cause);
        var (_, after) = await MoveAsync(tenant, entry.Name,
            current => Answered(SandboxStateMachine.Move(current, SandboxTrigger.Expire, now, reason), cause, now), cancellationToken, tick).ConfigureAwait(false);
        return after?.AnswerTo(tick) is { } answer ? SandboxEvents.From(answer, cause) : null;
    }
}
