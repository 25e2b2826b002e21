using Kabin.State;
using Kabin.Tenants;

namespace Kabin.Sandboxes;

/// <summary>
/// Decides which tenants a tick reaps and records how far the reaper got. A tick reads the due
/// buckets from the minute after <see cref="SandboxReaperState.Through"/> to its own minute, plus
/// the tenants whose expiries the sink has not taken and, for a redelivered tick, the tenants it
/// expired sandboxes in. With no state yet (a new installation, or one from before the schedule)
/// or a reaper more than <see cref="SandboxDueSchedule.MaxCatchUp"/> behind, it reaps every
/// tenant once; each reaped tenant then schedules its next deadline, so the schedule heals itself.
/// </summary>
internal sealed class SandboxReaperCursor(IStateStore store, SandboxOptions options)
{
    private const int RecentTicks = 16;

    /// <summary>
    /// Characters of names kept in <see cref="SandboxReaperState.Recent"/> at most, the newest tick's
    /// always (it names at most <see cref="SandboxOptions.MaxTenantsPerTick"/> tenants, 59 KB at
    /// the longest names), so the state stays under 64 KiB.
    /// </summary>
    private const int RecentNameChars = 56_000;

    private readonly SandboxDueSchedule _due = new(store, options);

    public async Task<SandboxReapPlan> PlanAsync(DateTimeOffset now, string tick, CancellationToken cancellationToken)
    {
        var minute = SandboxDueSchedule.MinuteOf(now);
        var item = await store.GetAsync(SandboxStateKeys.Reaper, SandboxJsonContext.Default.SandboxReaperState, cancellationToken)
            .ConfigureAwait(false);
        var state = item?.Value;
        var extra = (state?.Unpublished ?? []).Concat(state?.Recent.Where(recent => recent.Tick == tick).SelectMany(recent => recent.Tenants) ?? []);
        if (state is null || minute - state.Through > SandboxDueSchedule.MaxCatchUp)
        {
            var everyone = await TenantIndexShards.AllAsync(store, cancellationToken).ConfigureAwait(false);
            return new SandboxReapPlan([.. extra.Concat(InTurn(everyone, tick)).Distinct(StringComparer.Ordinal)], minute, [], item);
        }

        var (tenants, keys) = await _due.ReadAsync(state.Through.AddMinutes(1), minute, cancellationToken).ConfigureAwait(false);
        return new SandboxReapPlan([.. extra.Concat(InTurn(tenants, tick)).Distinct(StringComparer.Ordinal)], minute, keys, item);
    }

    /// <summary>
    /// The tenants in an order that changes with every tick (and stays for its redelivery): when
    /// more are due than one tick reaps (<see cref="SandboxOptions.MaxTenantsPerTick"/>), no name
    /// is always last.
    /// </summary>
    private static IEnumerable<string> InTurn(IEnumerable<string> tenants, string tick) =>
        tenants.OrderBy(tenant => StableHash.ShardOf(tick + "/" + tenant, int.MaxValue)).ThenBy(tenant => tenant, StringComparer.Ordinal);

    /// <summary>
    /// Records the tick: every minute before its own is done, and the tenants it expired sandboxes
    /// in, for its redelivery; the list of earlier versions' unpublished tenants is emptied (this
    /// tick reaped them, and they are due again while their events wait). Then deletes the buckets
    /// it has read that are done.
    /// </summary>
    public async Task CommitAsync(SandboxReapPlan plan, string tick, IReadOnlyCollection<string> expiredIn, CancellationToken cancellationToken)
    {
        var through = plan.Minute.AddMinutes(-1);
        await ChangeAsync(state => state with
        {
            Through = state.Through > through ? state.Through : through,
            Unpublished = [],
            Recent = expiredIn.Count == 0
                ? state.Recent
                : Bounded([.. state.Recent.Where(recent => recent.Tick != tick).Append(new SandboxReaperTick(tick, [.. expiredIn]))]),
        }, through, cancellationToken, plan.State).ConfigureAwait(false);

        foreach (var (minute, key) in plan.DueBuckets.Where(bucket => bucket.Minute < plan.Minute))
        {
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest ticks, as many as fit in <see cref="RecentTicks"/> and <see cref="RecentNameChars"/> (the newest always).</summary>
    private static List<SandboxReaperTick> Bounded(List<SandboxReaperTick> ticks)
    {
        var kept = new List<SandboxReaperTick>();
        var chars = 0;
        for (var i = ticks.Count - 1; i >= 0 && kept.Count < RecentTicks; i--)
        {
            chars += ticks[i].Tenants.Sum(name => name.Length + 3);
            if (kept.Count > 0 && chars > RecentNameChars)
            {
                break;
            }

            kept.Insert(0, ticks[i]);
        }

        return kept;
    }

    /// <summary>
    /// Changes the state with ETag concurrency; the first attempt uses the state the tick planned
    /// with, when it has it. An absent state is created only when <paramref name="through"/> is given.
    /// </summary>
    private Task<bool> ChangeAsync(
        Func<SandboxReaperState, SandboxReaperState> change, DateTimeOffset? through, CancellationToken cancellationToken,
        StateItem<SandboxReaperState>? known = null) =>
        store.ChangeAsync(
            SandboxStateKeys.Reaper,
            SandboxJsonContext.Default.SandboxReaperState,
            state => state is not null ? change(state) : through is { } start ? change(new SandboxReaperState(start)) : null,
            options.MaxConflictRetries,
            "The reaper's state kept changing under concurrent ticks; the tick will be retried.",
            cancellationToken,
            known);
}

/// <summary>The tenants one tick reaps, the minute it runs in, the due buckets it read and the reaper state it read.</summary>
internal sealed record SandboxReapPlan(
    IReadOnlyList<string> Tenants,
    DateTimeOffset Minute,
    IReadOnlyList<(DateTimeOffset Minute, string Key)> DueBuckets,
    StateItem<SandboxReaperState>? State);
