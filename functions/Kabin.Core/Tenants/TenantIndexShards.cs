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

    /// <summary>Every tenant's name, in ordinal order: all shards and the key of earlier versions.</summary>
    public static async Task<IReadOnlyList<string>> AllAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in Enumerable.Range(0, Shards).Select(TenantStateKeys.IndexShard).Append(TenantStateKeys.Index))
        {
            if (await store.GetAsync(key, TenantJsonContext.Default.TenantIndex, cancellationToken).ConfigureAwait(false) is { } shard)
            {
                names.UnionWith(shard.Value.Tenants);
            }
        }

        return [.. names];
    }
}
