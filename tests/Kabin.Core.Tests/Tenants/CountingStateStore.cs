using Kabin.State;

namespace Kabin.Tests.Tenants;

/// <summary>Passes every call to a real store and records each write and delete, in order (also into a journal shared with the cluster's calls).</summary>
internal sealed class CountingStateStore(IStateStore inner, List<string>? journal = null) : IStateStore
{
    private readonly List<string> _writes = [];

    /// <summary>Each write as <c>save key</c> or <c>delete key</c>, in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        inner.GetManyAsync(keys, cancellationToken);

    public Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        Record("save " + key);
        return inner.SaveAsync(key, value, cancellationToken);
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        Record("save " + key);
        return inner.TrySaveAsync(key, value, etag, cancellationToken);
    }

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        Record("save " + key);
        return inner.TryCreateAsync(key, value, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Record("delete " + key);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        Record("delete " + key);
        return inner.TryDeleteAsync(key, etag, cancellationToken);
    }

    private void Record(string write)
    {
        lock (_writes)
        {
            _writes.Add(write);
            if (journal is not null)
            {
                lock (journal)
                {
                    journal.Add(write);
                }
            }
        }
    }
}
