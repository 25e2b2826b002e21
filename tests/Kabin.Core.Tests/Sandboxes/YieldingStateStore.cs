using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// A real store whose every call first yields to the thread pool, as a round trip to a Dapr
/// sidecar would: concurrent requests then really interleave between their reads and writes,
/// even on a machine with two cores and a synchronous SQLite driver.
/// </summary>
internal sealed class YieldingStateStore(IStateStore inner) : IStateStore
{
    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.GetAsync(key, cancellationToken);
    }

    public async Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.GetManyAsync(keys, cancellationToken);
    }

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await inner.SaveAsync(key, value, cancellationToken);
    }

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.TrySaveAsync(key, value, etag, cancellationToken);
    }

    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.TryCreateAsync(key, value, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await inner.DeleteAsync(key, cancellationToken);
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.TryDeleteAsync(key, etag, cancellationToken);
    }
}
