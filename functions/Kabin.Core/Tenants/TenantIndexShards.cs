using Kabin.State;

namespace Kabin.Tenants;

/// <summary>
/// Where the names of all tenants are kept: <see cref="Shards"/> keys by a stable hash of the
/// name, so that no key grows with the fleet past a few KB per thousand tenants and a creation
/// rewrites one small key. The single key of earlier versions (<see cref="TenantStateKeys.Index"/>)
/// is still read and only ever shrinks: a deletion removes the name from it too.
/// </summary>
public static class TenantIndexShards
{
    public const int Shards = 64;

    /// <summary>The shard key that holds <paramref name="tenant"/>.</summary>
    public static string KeyOf(string tenant) => TenantStateKeys.IndexShard(StableHash.ShardOf(tenant, Shards));

    /// <summary>Every tenant's name, in ordinal order: all shards and the key of earlier versions, in one bulk read.</summary>
    public static async Task<IReadOnlyList<string>> AllAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var keys = Enumerable.Range(0, Shards).Select(TenantStateKeys.IndexShard).Append(TenantStateKeys.Index).ToArray();
        foreach (var shard in (await store.GetManyAsync(keys, TenantJsonContext.Default.TenantIndex, cancellationToken).ConfigureAwait(false)).Values)
        {
            names.UnionWith(shard.Value.Tenants);
        }

        return [.. names];
    }

    /// <summary>
    /// One page of names in index order: shard by shard, and by ordinal name within a shard. A page
    /// continues after <paramref name="after"/> in that name's own shard, so the token stays the
    /// last name and a page reads only the shards it needs: about one at 10,000 tenants, whatever
    /// the fleet's size. While the single key of earlier versions still holds names, pages are in
    /// plain name order over every key, as those versions gave them.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Names, bool More)> PageAsync(
        IStateStore store, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetAsync(TenantStateKeys.Index, TenantJsonContext.Default.TenantIndex, cancellationToken).ConfigureAwait(false) is { Value.Tenants.Count: > 0 })
        {
            return PageToken.Slice(await AllAsync(store, cancellationToken).ConfigureAwait(false), after, limit);
        }

        var names = new List<string>(limit);
        var first = after is null ? 0 : StableHash.ShardOf(after, Shards);
        // Shards are read in bulk rounds of 1, 2, 4, ... keys: one round trip when shards are full
        // (a large fleet), a handful when the whole fleet fits in one page.
        for (int shard = first, round = 1; shard < Shards; shard += round, round *= 2)
        {
            var keys = Enumerable.Range(shard, Math.Min(round, Shards - shard)).Select(TenantStateKeys.IndexShard).ToArray();
            var read = await store.GetManyAsync(keys, TenantJsonContext.Default.TenantIndex, cancellationToken).ConfigureAwait(false);
            foreach (var key in keys)
            {
                var fromToken = key == TenantStateKeys.IndexShard(first) && after is not null;
                foreach (var name in (read.TryGetValue(key, out var index) ? index.Value.Tenants : []).Order(StringComparer.Ordinal))
                {
                    if (fromToken && string.CompareOrdinal(name, after) <= 0)
                    {
                        continue;
                    }

                    if (names.Count == limit)
                    {
                        return (names, true);
                    }

                    names.Add(name);
                }
            }
        }

        return (names, false);
    }
}
