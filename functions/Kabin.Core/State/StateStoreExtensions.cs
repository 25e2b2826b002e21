using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kabin.State;

/// <summary>Typed reads and writes over <see cref="IStateStore"/> with source-generated JSON.</summary>
public static class StateStoreExtensions
{
    public static async Task<StateItem<T>?> GetAsync<T>(
        this IStateStore store, string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var value = JsonSerializer.Deserialize(entry.Value.Span, typeInfo)
            ?? throw new InvalidDataException($"State key '{key}' holds JSON null; delete the key to reset it.");
        return new StateItem<T>(value, entry.ETag);
    }

    /// <summary>The values of those <paramref name="keys"/> that exist, by key, from one bulk read.</summary>
    public static async Task<IReadOnlyDictionary<string, StateItem<T>>> GetManyAsync<T>(
        this IStateStore store, IReadOnlyList<string> keys, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var items = new Dictionary<string, StateItem<T>>(StringComparer.Ordinal);
        foreach (var entry in await store.GetManyAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            var value = JsonSerializer.Deserialize(entry.Value.Span, typeInfo)
                ?? throw new InvalidDataException($"State key '{entry.Key}' holds JSON null; delete the key to reset it.");
            items[entry.Key] = new StateItem<T>(value, entry.ETag);
        }

        return items;
    }

    public static Task SaveAsync<T>(
        this IStateStore store, string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.SaveAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    public static Task<bool> TrySaveAsync<T>(
        this IStateStore store, string key, T value, string etag, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TrySaveAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), etag, cancellationToken);
    }

    public static Task<bool> TryCreateAsync<T>(
        this IStateStore store, string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryCreateAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    /// <summary>
    /// Changes one key with ETag concurrency, re-reading and recomputing when another writer won.
    /// <paramref name="change"/> gets the current value (null when the key is absent) and returns
    /// the value to write, or null when there is nothing to write; an absent key is then created
    /// insert-only. Returns true when it wrote. <paramref name="known"/>, when given, is used for the
    /// first attempt instead of a read. After <paramref name="attempts"/> lost races it throws
    /// <see cref="ConflictException"/> with <paramref name="conflict"/>, an answer Knative retries.
    /// </summary>
    public static async Task<bool> ChangeAsync<T>(
        this IStateStore store,
        string key,
        JsonTypeInfo<T> typeInfo,
        Func<T?, T?> change,
        int attempts,
        string conflict,
        CancellationToken cancellationToken,
        StateItem<T>? known = null,
        Action<int>? lost = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var item = attempt == 1 && known is not null
                ? known
                : await store.GetAsync(key, typeInfo, cancellationToken).ConfigureAwait(false);
            if (change(item?.Value) is not { } next)
            {
                return false;
            }

            if (item is null
                ? await store.TryCreateAsync(key, next, typeInfo, cancellationToken).ConfigureAwait(false)
                : await store.TrySaveAsync(key, next, item.ETag, typeInfo, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            lost?.Invoke(attempt);
        }

        throw new ConflictException(conflict);
    }
}
