using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>Passes every call to a real store and records the key of each read, so a test can say what an operation touched.</summary>
internal sealed class ReadRecordingStateStore(IStateStore inner) : IStateStore
{
    private readonly List<string> _reads = [];

    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_reads)
            {
                return [.. _reads];
            }
        }
    }

    public void Clear()
    {
        lock (_reads)
        {
            _reads.Clear();
            BulkReads = 0;
        }
    }

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_reads)
        {
            _reads.Add(key);
        }

        return inner.GetAsync(key, cancellationToken);
    }

    /// <summary>A bulk read records each of its keys, and once the round trip in <see cref="BulkReads"/>.</summary>
    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        lock (_reads)
        {
            _reads.AddRange(keys);
            BulkReads++;
        }

        return inner.GetManyAsync(keys, cancellationToken);
    }

    public int BulkReads { get; private set; }

    public Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => inner.SaveAsync(key, value, cancellationToken);

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken) =>
        inner.TrySaveAsync(key, value, etag, cancellationToken);

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(key, value, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken) =>
        inner.TryDeleteAsync(key, etag, cancellationToken);
}
