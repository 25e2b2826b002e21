using System.Collections.Concurrent;
using Kabin.State;
using Microsoft.Extensions.Options;

namespace Kabin.Tenants;

/// <summary>
/// Tenant lookups through the state store with a short cache, so that a policy check does not
/// pay a store round trip each time. Misses are cached too: most namespaces belong to no tenant.
/// </summary>
public sealed class StateTenantDirectory(
    IStateStore store, TimeProvider timeProvider, IOptions<TenantDirectoryOptions> options) : ITenantDirectory
{
    private readonly ConcurrentDictionary<string, CacheEntry<TenantRecord?>> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CacheEntry<string?>> _byNamespace = new(StringComparer.Ordinal);

    public async Task<TenantRecord?> FindByNameAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var now = timeProvider.GetUtcNow();
        if (_byName.TryGetValue(tenant, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Value;
        }

        var item = await store.GetAsync(TenantStateKeys.Record(tenant), TenantJsonContext.Default.TenantRecord, cancellationToken)
            .ConfigureAwait(false);
        _byName[tenant] = new CacheEntry<TenantRecord?>(item?.Value, now + options.Value.CacheTtl);
        return item?.Value;
    }

    public async Task<TenantRecord?> FindByNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        var now = timeProvider.GetUtcNow();
        if (!_byNamespace.TryGetValue(namespaceName, out var cached) || cached.ExpiresAt <= now)
        {
            var item = await store.GetAsync(
                    TenantStateKeys.Namespace(namespaceName), TenantJsonContext.Default.TenantNamespaceEntry, cancellationToken)
                .ConfigureAwait(false);
            cached = new CacheEntry<string?>(item?.Value.Tenant, now + options.Value.CacheTtl);
            _byNamespace[namespaceName] = cached;
        }

        return cached.Value is { } tenant ? await FindByNameAsync(tenant, cancellationToken).ConfigureAwait(false) : null;
    }

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

    private sealed record CacheEntry<T>(T Value, DateTimeOffset ExpiresAt);
}
