using Kabin.State;

namespace Kabin.Sandboxes;

/// <summary>
/// Which tenants a tick must reap, by the minute something of theirs comes due, so that a tick
/// reads the minutes since the last one instead of every tenant's index. Scheduling is done before
/// the state that makes something due is written: a tenant scheduled for nothing is reaped for
/// nothing (cheap), while one never scheduled would never be reaped.
/// </summary>
internal sealed class SandboxDueSchedule(IStateStore store, SandboxOptions options)
{
    /// <summary>
    /// How many keys one minute is spread over, so that no bucket holds every tenant: 100,000
    /// tenants due in one minute make about 1,600 names (some 30 KB) per shard. Versions before
    /// this wrote 4 shards; they are shards 0-3 of these and still read.
    /// </summary>
    public const int Shards = 64;

    /// <summary>How many bucket keys one bulk read asks for: a catching-up tick reads its minutes in rounds.</summary>
    private const int KeysPerRead = 1024;

    /// <summary>A tick further behind than this reaps every tenant once instead of reading each minute.</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromDays(1);

    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>Notes that <paramref name="tenant"/> has something due at <paramref name="at"/>; a no-op when it is noted already.</summary>
    public Task ScheduleAsync(string tenant, DateTimeOffset at, CancellationToken cancellationToken) =>
        ScheduleAllAsync([tenant], at, cancellationToken);

    /// <summary>Notes every one of <paramref name="tenants"/> for <paramref name="at"/>: one change per shard they fall in, none where all are noted already.</summary>
    public async Task ScheduleAllAsync(IEnumerable<string> tenants, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var shard in tenants.GroupBy(tenant => StableHash.ShardOf(tenant, Shards)))
        {
            var key = SandboxStateKeys.Due(MinuteOf(at), shard.Key);
            await store.ChangeAsync(
                key,
                SandboxJsonContext.Default.SandboxDueBucket,
                bucket => shard.All(tenant => bucket?.Tenants.Contains(tenant, StringComparer.Ordinal) == true)
                    ? null
                    : new SandboxDueBucket([.. (bucket?.Tenants ?? []).Union(shard, StringComparer.Ordinal).Order(StringComparer.Ordinal)]),
                options.MaxConflictRetries,
                $"The due bucket {key} kept changing; the event will be retried.",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The tenants of every minute from <paramref name="from"/> through <paramref name="through"/>, with the buckets that held them, in bulk reads.</summary>
    public async Task<(IReadOnlySet<string> Tenants, IReadOnlyList<(DateTimeOffset Minute, string Key)> Buckets)> ReadAsync(
        DateTimeOffset from, DateTimeOffset through, CancellationToken cancellationToken)
    {
        var wanted = new List<(DateTimeOffset Minute, string Key)>();
        for (var minute = MinuteOf(from); minute <= through; minute = minute.AddMinutes(1))
        {
            for (var shard = 0; shard < Shards; shard++)
            {
                wanted.Add((minute, SandboxStateKeys.Due(minute, shard)));
            }
        }

        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        var keys = new List<(DateTimeOffset, string)>();
        foreach (var round in wanted.Chunk(KeysPerRead))
        {
            var found = await store.GetManyAsync([.. round.Select(bucket => bucket.Key)], SandboxJsonContext.Default.SandboxDueBucket, cancellationToken)
                .ConfigureAwait(false);
            foreach (var (minute, key) in round)
            {
                if (found.TryGetValue(key, out var bucket))
                {
                    tenants.UnionWith(bucket.Value.Tenants);
                    keys.Add((minute, key));
                }
            }
        }

        return (tenants, keys);
    }
}
