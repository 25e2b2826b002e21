namespace Kabin.State;

/// <summary>
/// State that must outlive a scaled-to-zero pod: tenant records, sandbox records, processed
/// event ids. The semantics are Dapr's state API: every read returns an ETag; a write or delete
/// that presents an ETag succeeds only while it still matches; one without an ETag is
/// last-write-wins. <see cref="TryCreateAsync"/> is Dapr's first-write concurrency without an
/// ETag: insert only. Stores that cannot insert only must fail it, never overwrite (see
/// docs/reliability.md for which Dapr stores do what).
/// Implementations throw <see cref="TransientFailureException"/> when the store is unreachable.
/// </summary>
public interface IStateStore
{
    /// <summary>The entry, or null when the key is absent.</summary>
    Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The entries of those <paramref name="keys"/> that exist, in the order of the keys, read in
    /// one round trip where the store has a bulk read. Each entry is as consistent as a single read;
    /// the set is not a snapshot.
    /// </summary>
    Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Writes unconditionally (last write wins).</summary>
    Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Writes only if the stored ETag equals <paramref name="etag"/>; false when another writer won or the key is gone.</summary>
    Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken);

    /// <summary>Writes only if the key is absent; false when it exists (whoever created it first won).</summary>
    Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Deletes unconditionally; deleting an absent key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes only if the stored ETag equals <paramref name="etag"/>; false otherwise.</summary>
    Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken);
}
