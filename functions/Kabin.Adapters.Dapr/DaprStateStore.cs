using Dapr.Client;
using Kabin.State;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// The state port over the Dapr state API. Values travel as bytes (no JSON inside Dapr.Client);
/// conditional writes and deletes send the ETag with first-write concurrency, unconditional ones
/// last-write. An empty ETag is refused here, because Dapr treats it as "no ETag" and would turn
/// a conditional write into an unconditional one. A delete writes a tombstone with a time-to-live
/// (<see cref="DaprStateStoreOptions.DeleteTombstoneSeconds"/>), read as absent: the store keeps
/// counting the key's versions over it, so a re-created key never repeats an ETag.
/// </summary>
public sealed partial class DaprStateStore : IStateStore, IDisposable
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };
    private static readonly StateOptions LastWrite = new() { Concurrency = ConcurrencyMode.LastWrite };

    /// <summary>A JSON string at the top level: Kabin stores only objects, so no value of its own reads as this.</summary>
    private static readonly byte[] Tombstone = "\"kabin:deleted\""u8.ToArray();

    private readonly DaprClient _client;
    private readonly DaprBulkReader _bulk;
    private readonly string _storeName;
    private readonly TimeSpan _timeout;
    private readonly bool _tombstones;
    private readonly IReadOnlyDictionary<string, string>? _keep;
    private readonly IReadOnlyDictionary<string, string>? _expire;

    public DaprStateStore(DaprClient client, IOptions<DaprStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _bulk = new DaprBulkReader(options.Value.GrpcEndpoint, Environment.GetEnvironmentVariable);
        _storeName = options.Value.StoreName;
        _timeout = options.Value.Timeout;
        _tombstones = options.Value.DeleteTombstoneSeconds > 0;
        if (_tombstones)
        {
            // A write over a tombstone must also lift its expiry.
            _keep = new Dictionary<string, string>(StringComparer.Ordinal) { ["ttlInSeconds"] = "-1" };
            _expire = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ttlInSeconds"] = options.Value.DeleteTombstoneSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var (value, etag) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return IsAbsent(value, etag) || IsTombstone(value) ? null : new StateEntry(key, value, etag ?? string.Empty);
    }

    /// <summary>
    /// One GetBulkState call. Dapr answers each key with its data and ETag, an absent key with
    /// neither, and a key the store failed to read with an error, which fails the whole read
    /// (retried like any transient failure).
    /// </summary>
    public async Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        var read = await CallAsync(
            "bulk read",
            distinct[0],
            async token => new BulkRead(await _bulk.ReadAsync(_storeName, distinct, token).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        foreach (var (key, value, etag) in read.Items)
        {
            if (!IsAbsent(value, etag) && !IsTombstone(value))
            {
                found[key] = new StateEntry(key, value, etag);
            }
        }

        return [.. distinct.Where(found.ContainsKey).Select(key => found[key])];
    }

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await WriteAsync("write", key, value, LastWrite, _keep, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(etag);
        return etag.Length > 0 && await TryWriteAsync("conditional write", key, value, etag, _keep, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// First-write concurrency with an empty ETag: PostgreSQL, Azure Blob and Cosmos DB insert only;
    /// Redis fails it for a key written with first-write (as every key Kabin creates this way is).
    /// A mismatch is false; any other failure throws and the event is retried. A key that holds a
    /// tombstone is absent: it is written over with the tombstone's ETag.
    /// </summary>
    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (await TryWriteAsync("create", key, value, string.Empty, _keep, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var (current, etag) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return IsTombstone(current) && !string.IsNullOrEmpty(etag)
            && await TryWriteAsync("create", key, value, etag, _keep, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_tombstones)
        {
            await WriteAsync("delete", key, Tombstone, LastWrite, _expire, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CallAsync(
            "delete",
            key,
            async token =>
            {
                await _client.DeleteStateAsync(_storeName, key, LastWrite, cancellationToken: token)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(etag);
        if (etag.Length == 0)
        {
            return false;
        }

        if (_tombstones)
        {
            return await TryWriteAsync("conditional delete", key, Tombstone, etag, _expire, cancellationToken).ConfigureAwait(false);
        }

        return await CallAsync(
            "conditional delete",
            key,
            token => _client.TryDeleteStateAsync(_storeName, key, etag, FirstWrite, cancellationToken: token),
            cancellationToken,
            etagMismatchResult: false).ConfigureAwait(false);
    }

    public void Dispose() => _bulk.Dispose();

    private readonly record struct BulkRead(IReadOnlyList<(string Key, ReadOnlyMemory<byte> Value, string ETag)> Items);

    // Dapr answers an absent key with empty data and an empty ETag.
    private static bool IsAbsent(ReadOnlyMemory<byte> value, string? etag) => string.IsNullOrEmpty(etag) && value.IsEmpty;

    private static bool IsTombstone(ReadOnlyMemory<byte> value) => value.Span.SequenceEqual(Tombstone);

    private Task<(ReadOnlyMemory<byte> Value, string? ETag)> ReadAsync(string key, CancellationToken cancellationToken) =>
        CallAsync(
            "read",
            key,
            async token =>
            {
                var (value, etag) = await _client.GetByteStateAndETagAsync(_storeName, key, cancellationToken: token).ConfigureAwait(false);
                return (value, (string?)etag);
            },
            cancellationToken);

    private Task<bool> WriteAsync(
        string operation, string key, ReadOnlyMemory<byte> value, StateOptions concurrency,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken) =>
        CallAsync(
            operation,
            key,
            async token =>
            {
                await _client.SaveByteStateAsync(_storeName, key, value, concurrency, metadata, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    private Task<bool> TryWriteAsync(
        string operation, string key, ReadOnlyMemory<byte> value, string etag,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken) =>
        CallAsync(
            operation,
            key,
            token => _client.TrySaveByteStateAsync(_storeName, key, value, etag, FirstWrite, metadata, token),
            cancellationToken,
            etagMismatchResult: false);
}
