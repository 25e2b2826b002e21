using System.Globalization;
using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    /// <summary>
    /// Reaps sandboxes past their time-to-live: reads the index of each tenant with something due
    /// since the last tick (<see cref="SandboxReaperCursor"/>), and only the records of entries
    /// whose deadline passed (and, for a redelivered tick, of those it ended). The pod is deleted
    /// before the record moves, so a failure retries the deletion. The first <c>expired</c> is the
    /// reply, the others are published; a redelivered tick answers the same events again, so a
    /// sink that failed the first time gets them.
    /// </summary>
    private async Task<HandlerResult> HandleTickAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = timeProvider.GetUtcNow();
        var tick = EventKey.Of(cloudEvent);
        var plan = await _reaper.PlanAsync(now, tick, cancellationToken).ConfigureAwait(false);
        var expired = new List<CloudEvent>();
        var resent = new List<CloudEvent>();
        var emitted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var failures = 0;
        for (var i = 0; i < plan.Tenants.Count; i++)
        {
            if (emitted.Count == _options.MaxTenantsPerTick)
            {
                // Bounded per tick (and the list kept for its redelivery with it): the rest wait for
                // the next minute's tick. Not this minute's bucket, which every tick within the
                // minute reads again: they would come back at once.
                var deferred = plan.Tenants.Skip(i).ToArray();
                await _due.ScheduleAllAsync(deferred, now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
                LogDeferred(deferred.Length);
                break;
            }

            var tenant = plan.Tenants[i];
            var before = expired.Count;
            var failed = await ReapTenantAsync(tenant, now, cloudEvent, expired, resent, cancellationToken).ConfigureAwait(false);
            if (failed > 0)
            {
                // Left for the next tick: the bucket of this very minute is read again by every tick until one runs in a later minute.
                failures += failed;
                await _due.ScheduleAsync(tenant, now, cancellationToken).ConfigureAwait(false);
            }

            if (expired.Count > before)
            {
                emitted[tenant] = [.. expired.Skip(before).Select(expiredEvent => expiredEvent.Subject![(tenant.Length + 1)..])];
            }
        }

        await _reaper.CommitAsync(plan, tick, emitted.Keys, cancellationToken).ConfigureAwait(false);
        _metrics.ReaperTicked(Telemetry.KabinMetrics.SecondsSince(startedAt), expired.Count - resent.Count, resent.Count);

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
    /// A tenant with warm pools is due every minute: its members are brought to the pools' replicas
    /// (failed or stuck ones replaced, stale ones by the pool's strategy), or with agent-sandbox its
    /// pools' templates and SandboxWarmPools applied again (its controller keeps the members). The tenant function makes
    /// a tenant due when it changes; without pools nothing is listed, except with agent-sandbox the
    /// pools to delete.
    /// </summary>
    private async Task UpkeepPoolsAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cluster.Mode != ClusterMode.Apply || await tenants.FindByNameAsync(tenant, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        if (_options.UsesAgentSandbox())
        {
            await _agentPools.ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
        }
        else if (record.WarmPools.Count > 0)
        {
            await _pools.ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
        }

        if (record.WarmPools.Count > 0)
        {
            await _due.ScheduleAsync(tenant, now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One tenant's part of a tick. A tenant's broken data or failing calls must not stop the
    /// reaping of every tenant after it: each sandbox is its own unit, and a failure is logged with
    /// its cause and left for the next tick (its state did not move, so the next tick tries again).
    /// Returns how many units failed; events it sends again for earlier ticks also go to <paramref name="resent"/>.
    /// </summary>
    private async Task<int> ReapTenantAsync(
        string tenant, DateTimeOffset now, CloudEvent cause, List<CloudEvent> expired, List<CloudEvent> resent, CancellationToken cancellationToken)
    {
        SandboxIndex? index = null;
        var failures = await IsolatedAsync(tenant, "(index)", async () => index = await _sandboxes.GetIndexAsync(tenant, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        if (index is null)
        {
            return failures;
        }

        // The tenant's next deadline, so that a tick reaps it then even if it was never scheduled
        // (state from before the schedule, or a write that died before its scheduling). While
        // expired events wait for the sink (those of this tick, or earlier ones it never took),
        // that is the next minute, whose tick sends them again (a redelivery of this very tick
        // answers them from the reaper's recent ticks).
        var awaiting = index.Ended.Any(entry => entry.AwaitingSink == true) || index.Sandboxes.Any(entry => entry.ExpiresAt <= now);
        var next = index.Sandboxes.Select(entry => entry.ExpiresAt)
            .Concat(index.Ended.Select(entry => entry.ExpiresAt))
            .Concat(index.Ended.Where(entry => entry.PodDeleteAt is not null).Select(entry => entry.PodDeleteAt!.Value))
            .Where(at => at > now)
            .Append(awaiting ? now.AddMinutes(1) : DateTimeOffset.MaxValue)
            .Min();
        if (next != DateTimeOffset.MaxValue)
        {
            failures += await IsolatedAsync(tenant, "(schedule)", () => _due.ScheduleAsync(tenant, next, cancellationToken)).ConfigureAwait(false);
        }

        failures += await IsolatedAsync(tenant, "(warm pools)", () => UpkeepPoolsAsync(tenant, now, cancellationToken)).ConfigureAwait(false);

        var tick = EventKey.Of(cause);
        foreach (var ended in index.Ended.Where(entry => entry.EndedBy == tick || entry.AwaitingSink == true))
        {
            // A redelivered tick answers again for what it expired the first time; any tick sends
            // again what an earlier tick expired and the sink never took.
            failures += await IsolatedAsync(tenant, ended.Name, async () =>
            {
                if ((await _sandboxes.GetAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false))?.Value?.AnswerTo(ended.EndedBy!) is { } earlier)
                {
                    var again = SandboxEvents.From(earlier, cause);
                    expired.Add(again);
                    resent.Add(again);
                }
            }).ConfigureAwait(false);
        }

        foreach (var entry in index.Sandboxes.Where(entry => entry.ExpiresAt <= now))
        {
            failures += await IsolatedAsync(tenant, entry.Name, async () =>
            {
                if (await ExpireAsync(tenant, entry, now, cause, cancellationToken).ConfigureAwait(false) is { } emitted)
                {
                    expired.Add(emitted);
                }
            }).ConfigureAwait(false);
        }

        foreach (var finished in index.Ended.Where(entry => entry.PodDeleteAt <= now))
        {
            // A finished pod's time for its logs is over: the record keeps the exit code and history.
            failures += await IsolatedAsync(tenant, finished.Name, async () =>
            {
                if ((await _sandboxes.GetAsync(tenant, finished.Name, cancellationToken).ConfigureAwait(false))?.Value is { } record)
                {
                    await cluster.DeleteAsync(WorkloadOf(record), gracePeriod: null, cancellationToken).ConfigureAwait(false);
                }

                await _sandboxes.PodDeletedAsync(tenant, finished.Name, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        // Past the cap, the oldest ended sandboxes are forgotten early, except those whose events
        // the sink has not taken; a finished pod still there goes with its record.
        var excess = index.Ended.Count - _options.MaxEndedRecords;
        foreach (var oldest in index.Ended.Where(entry => entry.ExpiresAt > now && entry.AwaitingSink != true)
                     .OrderBy(entry => entry.ExpiresAt).Take(Math.Max(0, excess - index.Ended.Count(entry => entry.ExpiresAt <= now))))
        {
            failures += await IsolatedAsync(tenant, oldest.Name, async () =>
            {
                if (oldest.PodDeleteAt is not null
                    && (await _sandboxes.GetAsync(tenant, oldest.Name, cancellationToken).ConfigureAwait(false))?.Value is { } record)
                {
                    await cluster.DeleteAsync(WorkloadOf(record), gracePeriod: null, cancellationToken).ConfigureAwait(false);
                }

                await _sandboxes.DeleteAsync(tenant, oldest.Name, cancellationToken).ConfigureAwait(false);
                await _sandboxes.RemoveFromIndexAsync(tenant, oldest.Name, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        foreach (var ended in index.Ended.Where(entry => entry.ExpiresAt <= now))
        {
            // Retention passed: forget the record, then the entry (a failure in between is redone next tick).
            failures += await IsolatedAsync(tenant, ended.Name, async () =>
            {
                await _sandboxes.DeleteAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false);
                await _sandboxes.RemoveFromIndexAsync(tenant, ended.Name, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        return failures;
    }

    /// <summary>One unit of a tenant's reaping: a failure is logged with its cause and counted (1), and the next tick tries again.</summary>
    private async Task<int> IsolatedAsync(string tenant, string unit, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReapFailed(e, tenant, unit);
            return 1;
        }
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
            // An end whose index update was cut short. An Expired one is a tick cut short: emit the event
            // that tick stored with the expiry again, with its id (never a second id for one expiry).
            var stored = record.State == SandboxState.Expired
                ? record.Answers?.LastOrDefault(answer => answer.Type == SandboxEventTypes.Expired)
                : null;
            await EndInIndexAsync(record, stored?.Cause, cancellationToken).ConfigureAwait(false);
            if (record.State != SandboxState.Expired)
            {
                return null;
            }

            return stored is not null ? SandboxEvents.From(stored, cause) : EventFor(record, SandboxEventTypes.Expired, cause);
        }

        await cluster.DeleteAsync(WorkloadOf(record), GracePeriod, cancellationToken).ConfigureAwait(false);
        var reason = $"time-to-live of {record.TtlSeconds.ToString(CultureInfo.InvariantCulture)} s passed";
        var tick = EventKey.Of(cause);
        var (_, after) = await MoveAsync(tenant, entry.Name,
            current => Answered(SandboxStateMachine.Move(current, SandboxTrigger.Expire, now, reason), cause, now), cancellationToken, tick).ConfigureAwait(false);
        return after?.AnswerTo(tick) is { } answer ? SandboxEvents.From(answer, cause) : null;
    }
}
