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
}
