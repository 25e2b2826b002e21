using Dapr.Client;
using Kabin.State;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// The state port over the Dapr state API. Values travel as bytes (no JSON inside Dapr.Client);
/// conditional writes and deletes send the ETag with first-write concurrency, unconditional ones
/// last-write. An empty ETag is refused here, because Dapr treats it as "no ETag" and would turn
/// a conditional write into an unconditional one.
/// </summary>
public sealed partial class DaprStateStore : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };
    private static readonly StateOptions LastWrite = new() { Concurrency = ConcurrencyMode.LastWrite };

    private readonly DaprClient _client;
    private readonly string _storeName;
    private readonly TimeSpan _timeout;

    public DaprStateStore(DaprClient client, IOptions<DaprStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _storeName = options.Value.StoreName;
        _timeout = options.Value.Timeout;
    }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var (value, etag) = await CallAsync(
            "read",
            key,
            token => _client.GetByteStateAndETagAsync(_storeName, key, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);

        // Dapr answers an absent key with empty data and an empty ETag.
        return string.IsNullOrEmpty(etag) && value.IsEmpty ? null : new StateEntry(key, value, etag ?? string.Empty);
    }

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await CallAsync(
            "write",
            key,
            async token =>
            {
                await _client.SaveByteStateAsync(_storeName, key, value, LastWrite, cancellationToken: token)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(etag);
        if (etag.Length == 0)
        {
            return false;
        }

        return await CallAsync(
            "conditional write",
            key,
            token => _client.TrySaveByteStateAsync(_storeName, key, value, etag, FirstWrite, cancellationToken: token),
            cancellationToken,
            etagMismatchResult: false).ConfigureAwait(false);
    }

    /// <summary>
    /// First-write concurrency with an empty ETag: PostgreSQL, Azure Blob and Cosmos DB insert only;
    /// Redis fails it for a key written with first-write (as every key Kabin creates this way is).
    /// A mismatch is false; any other failure throws and the event is retried.
    /// </summary>
    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await CallAsync(
            "create",
            key,
            token => _client.TrySaveByteStateAsync(_storeName, key, value, string.Empty, FirstWrite, cancellationToken: token),
            cancellationToken,
            etagMismatchResult: false).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
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

        return await CallAsync(
            "conditional delete",
            key,
            token => _client.TryDeleteStateAsync(_storeName, key, etag, FirstWrite, cancellationToken: token),
            cancellationToken,
            etagMismatchResult: false).ConfigureAwait(false);
    }
}
