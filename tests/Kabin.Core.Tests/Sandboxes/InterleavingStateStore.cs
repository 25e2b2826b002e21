using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// A real store that runs <see cref="Interleave"/> once, just before the first conditional write
/// of <see cref="Key"/>: another writer wins the race in between a read and its write.
/// </summary>
internal sealed class InterleavingStateStore(IStateStore inner) : IStateStore
{
    private int _fired;

    public string? Key { get; set; }

    public Func<Task>? Interleave { get; set; }

    public int ConditionalWrites { get; private set; }

    public int LostRaces { get; private set; }

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        inner.GetManyAsync(keys, cancellationToken);

    public Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        inner.SaveAsync(key, value, cancellationToken);

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        if (key == Key && Interleave is { } interleave && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await interleave();
        }

        var saved = await inner.TrySaveAsync(key, value, etag, cancellationToken);
        if (key == Key)
        {
            ConditionalWrites++;
            LostRaces += saved ? 0 : 1;
        }

        return saved;
    }

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(key, value, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken) =>
        inner.TryDeleteAsync(key, etag, cancellationToken);
}
