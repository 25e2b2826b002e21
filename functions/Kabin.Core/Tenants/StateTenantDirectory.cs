using System.Collections.Concurrent;
using Kabin.State;
using Microsoft.Extensions.Options;

namespace Kabin.Tenants;

/// <summary>
/// Tenant lookups through the state store with a short, bounded cache, so that a policy check
/// does not pay a store round trip each time. Misses are cached too; a name that cannot be a
/// tenant's or a namespace's (no DNS label) is answered "none" before any lookup or cache entry.
/// </summary>
public sealed class StateTenantDirectory(
    IStateStore store, TimeProvider timeProvider, IOptions<TenantDirectoryOptions> options) : ITenantDirectory
{
    private readonly ConcurrentDictionary<string, CacheEntry<TenantRecord?>> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CacheEntry<string?>> _byNamespace = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public async Task<TenantRecord?> FindByNameAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!TenantSpecValidator.IsDnsLabel(tenant))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (_byName.TryGetValue(tenant, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Value;
        }

        var item = await store.GetAsync(TenantStateKeys.Record(tenant), TenantJsonContext.Default.TenantRecord, cancellationToken)
            .ConfigureAwait(false);
        Put(_byName, tenant, new CacheEntry<TenantRecord?>(item?.Value, now + options.Value.CacheTtl), now);
        return item?.Value;
    }

    public async Task<TenantRecord?> FindByNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        if (!TenantSpecValidator.IsDnsLabel(namespaceName))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (!_byNamespace.TryGetValue(namespaceName, out var cached) || cached.ExpiresAt <= now)
        {
            var item = await store.GetAsync(
                    TenantStateKeys.Namespace(namespaceName), TenantJsonContext.Default.TenantNamespaceEntry, cancellationToken)
                .ConfigureAwait(false);
            cached = new CacheEntry<string?>(item?.Value.Tenant, now + options.Value.CacheTtl);
            Put(_byNamespace, namespaceName, cached, now);
        }

        return cached.Value is { } tenant ? await FindByNameAsync(tenant, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>How many lookups both caches hold now (for tests of the bound).</summary>
    internal int CachedEntries => _byName.Count + _byNamespace.Count;

    public void Invalidate(string tenant)
    {
        _byName.TryRemove(tenant, out _);
        foreach (var (ns, entry) in _byNamespace)
        {
            if (entry.Value == tenant || entry.Value is null)
            {
                _byNamespace.TryRemove(ns, out _);
            }
        }
    }

    private void Put<T>(ConcurrentDictionary<string, CacheEntry<T>> cache, string key, CacheEntry<T> entry, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextSweepTicks, (now + options.Value.CacheTtl).UtcTicks, due) == due)
        {
            // Once per time-to-live, what expired goes: the caches hold the lookups of the last few
            // seconds, not one record per tenant that was ever looked up.
            Sweep(_byName, now);
            Sweep(_byNamespace, now);
        }

        if (cache.Count >= options.Value.MaxCachedEntries && !cache.ContainsKey(key))
        {
            Sweep(cache, now);
            if (cache.Count >= options.Value.MaxCachedEntries)
            {
                cache.Clear();
            }
        }

        cache[key] = entry;
    }

    private static void Sweep<T>(ConcurrentDictionary<string, CacheEntry<T>> cache, DateTimeOffset now)
    {
        foreach (var (key, old) in cache)
        {
            if (old.ExpiresAt <= now)
            {
                cache.TryRemove(key, out _);
            }
        }
    }

    private sealed record CacheEntry<T>(T Value, DateTimeOffset ExpiresAt);
}
