using Kabin.State;

namespace Kabin.Host.Tests.Api;

/// <summary>
/// A state store where another writer always gets in first: before each conditional write to a
/// key under <paramref name="prefix"/> it rewrites the key's current value, so the ETag the
/// caller read no longer matches, as under a storm of concurrent changes.
/// </summary>
internal sealed class ContendedStateStore(IStateStore inner, string prefix) : IStateStore
{
    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        inner.GetManyAsync(keys, cancellationToken);

    public Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        inner.SaveAsync(key, value, cancellationToken);

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        if (key.StartsWith(prefix, StringComparison.Ordinal) && await inner.GetAsync(key, cancellationToken) is { } current)
        {
            await inner.SaveAsync(key, current.Value, cancellationToken);
        }

        return await inner.TrySaveAsync(key, value, etag, cancellationToken);
    }

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(key, value, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken) =>
        inner.TryDeleteAsync(key, etag, cancellationToken);
}
