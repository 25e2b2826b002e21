using System.Globalization;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using static Dapr.Client.Autogen.Grpc.v1.StateOptions.Types;

namespace Kabin.TestDoubles.Dapr;

/// <summary>
/// The Dapr state API's semantics over in-memory stores, one per component name. ETags are
/// versions drawn from one counter, so a key that is deleted and written again never gets back
/// an ETag it had before. As in Dapr, an empty ETag means "no ETag", and last-write concurrency
/// ignores the ETag. As in Dapr's Redis store, an ETag that is not a version number is invalid
/// (InvalidArgument) rather than a mismatch (Aborted). First-write concurrency without an ETag
/// inserts only, as in Dapr's PostgreSQL store: a key that exists is a mismatch. Messages and
/// status codes follow daprd's.
/// </summary>
internal sealed class DaprStateStores
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, (ByteString Data, string ETag)>> _stores;
    private long _version;

    public DaprStateStores(IEnumerable<string> storeNames) =>
        _stores = storeNames.ToDictionary(name => name, _ => new Dictionary<string, (ByteString, string)>(), StringComparer.Ordinal);

    public GetStateResponse Get(GetStateRequest request)
    {
        lock (_gate)
        {
            var store = Find(request.StoreName);
            return store.TryGetValue(request.Key, out var entry)
                ? new GetStateResponse { Data = entry.Data, Etag = entry.ETag }
                : new GetStateResponse();
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

                if (InsertsOnly(item.Etag, item.Options) && store.ContainsKey(item.Key))
                {
                    throw ETagMismatch(prefix, item.Key);
                }
            }

            foreach (var item in request.States)
            {
                store[item.Key] = (item.Value, NextETag());
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

    private Dictionary<string, (ByteString Data, string ETag)> Find(string storeName)
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

    private static bool Matches(Dictionary<string, (ByteString Data, string ETag)> store, string key, string etag, string prefix)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"{prefix}: invalid etag value: strconv.ParseInt: parsing \"{etag}\": invalid syntax"));
        }

        return store.TryGetValue(key, out var entry) && string.Equals(entry.ETag, etag, StringComparison.Ordinal);
    }

    private string NextETag() => (++_version).ToString(CultureInfo.InvariantCulture);

    private static RpcException ETagMismatch(string prefix, string key) =>
        new(new Status(
            StatusCode.Aborted,
            $"{prefix}: possible etag mismatch. error from state store: etag mismatch for key {key}"));
}
