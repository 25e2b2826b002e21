using System.Globalization;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using static Dapr.Client.Autogen.Grpc.v1.StateOptions.Types;

namespace Kabin.TestDoubles.Dapr;

/// <summary>
/// The Dapr state API's semantics over in-memory stores, one per component name. As in Dapr, an
/// empty ETag means "no ETag", and last-write concurrency ignores the ETag. As in Dapr's Redis
/// store, an ETag that is not a version number is invalid (InvalidArgument) rather than a mismatch
/// (Aborted). First-write concurrency without an ETag inserts only, as in Dapr's PostgreSQL store:
/// a key that exists is a mismatch. Messages and status codes follow daprd's.
/// <para>
/// Versions come from one counter (<see cref="DaprVersions.Global"/>: a key deleted and written
/// again never gets back an ETag it had) or per key, as Redis counts them
/// (<see cref="DaprVersions.PerKey"/>: a new incarnation starts at 1 again). The metadata
/// <c>ttlInSeconds</c> works as in Redis: a positive value expires the key that long after the
/// write, -1 keeps it for good, and a write without it leaves an earlier expiry in place.
/// </para>
/// </summary>
internal sealed class DaprStateStores
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> _stores;
    private readonly DaprVersions _versions;
    private readonly TimeProvider _clock;
    private long _version;

    public DaprStateStores(IEnumerable<string> storeNames, DaprVersions versions = DaprVersions.Global, TimeProvider? clock = null)
    {
        _stores = storeNames.ToDictionary(name => name, _ => new Dictionary<string, Entry>(), StringComparer.Ordinal);
        _versions = versions;
        _clock = clock ?? TimeProvider.System;
    }

    public GetStateResponse Get(GetStateRequest request)
    {
        lock (_gate)
        {
            var store = Find(request.StoreName);
            return Live(store, request.Key) is { } entry
                ? new GetStateResponse { Data = entry.Data, Etag = entry.ETag }
                : new GetStateResponse();
        }
    }

    /// <summary>Each key as GetState would answer it; an absent key is an item without data or ETag, as daprd sends it.</summary>
    public GetBulkStateResponse GetBulk(GetBulkStateRequest request)
    {
        lock (_gate)
        {
            var store = Find(request.StoreName);
            var response = new GetBulkStateResponse();
            foreach (var key in request.Keys)
            {
                response.Items.Add(Live(store, key) is { } entry
                    ? new BulkStateItem { Key = key, Data = entry.Data, Etag = entry.ETag }
                    : new BulkStateItem { Key = key });
            }

            return response;
        }
    }

    /// <summary>The live key with the largest value across every store, and its size in bytes.</summary>
    public (string Key, int Bytes)? Largest()
    {
        lock (_gate)
        {
            return _stores.Values
                .SelectMany(store => store.Keys.Select(key => (Key: key, Entry: Live(store, key))))
                .Where(item => item.Entry is not null)
                .Select(item => (item.Key, item.Entry!.Data.Length))
                .OrderByDescending(item => item.Length)
                .Cast<(string, int)?>()
                .FirstOrDefault();
        }
    }

    public void Save(SaveStateRequest request)
    {
        lock (_gate)
        {
            var store = Find(request.StoreName);
            foreach (var item in request.States)
            {
                var prefix = $"failed saving state in state store {request.StoreName}";
                if (ChecksETag(item.Etag, item.Options) && !Matches(store, item.Key, item.Etag.Value, prefix))
                {
                    throw ETagMismatch(prefix, item.Key);
                }

                if (InsertsOnly(item.Etag, item.Options) && Live(store, item.Key) is not null)
                {
                    throw ETagMismatch(prefix, item.Key);
                }
            }

            foreach (var item in request.States)
            {
                var previous = Live(store, item.Key);
                var expiresAt = TtlOf(item) switch
                {
                    null => previous?.ExpiresAt,
                    <= 0 => null,
                    var seconds => _clock.GetUtcNow().AddSeconds(seconds.Value),
                };
                store[item.Key] = new Entry(item.Value, NextETag(previous), expiresAt);
            }
        }
    }

    public void Delete(DeleteStateRequest request)
    {
        lock (_gate)
        {
            var store = Find(request.StoreName);
            var prefix = $"failed deleting state with key {request.Key}";
            if (ChecksETag(request.Etag, request.Options) && !Matches(store, request.Key, request.Etag.Value, prefix))
            {
                throw ETagMismatch(prefix, request.Key);
            }

            store.Remove(request.Key);
        }
    }

    /// <summary>The entry, or null when there is none or it has expired (an expired entry is gone, as in Redis).</summary>
    private Entry? Live(Dictionary<string, Entry> store, string key)
    {
        if (!store.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } expiresAt && expiresAt <= _clock.GetUtcNow())
        {
            store.Remove(key);
            return null;
        }

        return entry;
    }

    private static int? TtlOf(StateItem item) =>
        item.Metadata.TryGetValue("ttlInSeconds", out var text)
            ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed saving state: invalid ttlInSeconds value: {text}"))
            : null;

    private Dictionary<string, Entry> Find(string storeName)
    {
        if (_stores.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "state store is not configured"));
        }

        return _stores.TryGetValue(storeName, out var store)
            ? store
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"state store {storeName} is not found"));
    }

    private static bool ChecksETag(Etag? etag, StateOptions? options) =>
        !string.IsNullOrEmpty(etag?.Value) && options?.Concurrency is not StateConcurrency.ConcurrencyLastWrite;

    private static bool InsertsOnly(Etag? etag, StateOptions? options) =>
        string.IsNullOrEmpty(etag?.Value) && options?.Concurrency is StateConcurrency.ConcurrencyFirstWrite;

    private bool Matches(Dictionary<string, Entry> store, string key, string etag, string prefix)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"{prefix}: invalid etag value: strconv.ParseInt: parsing \"{etag}\": invalid syntax"));
        }

        return Live(store, key) is { } entry && string.Equals(entry.ETag, etag, StringComparison.Ordinal);
    }

    private string NextETag(Entry? previous) => _versions == DaprVersions.PerKey
        ? ((previous is null ? 0 : long.Parse(previous.ETag, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture)
        : (++_version).ToString(CultureInfo.InvariantCulture);

    private static RpcException ETagMismatch(string prefix, string key) =>
        new(new Status(
            StatusCode.Aborted,
            $"{prefix}: possible etag mismatch. error from state store: etag mismatch for key {key}"));

    private sealed record Entry(ByteString Data, string ETag, DateTimeOffset? ExpiresAt);
}
