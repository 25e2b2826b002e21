using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kabin.LocalCluster;

internal sealed partial class ObjectStore
{
    /// <summary>How many changes a watch (or a continue token) can resume across; older resourceVersions answer 410 Gone, as after etcd compaction.</summary>
    public int WatchWindow { get; init; } = 10_000;

    /// <summary>How far a watcher may fall behind before it is closed (the client then lists and watches again).</summary>
    private const int WatcherBuffer = 10_000;

    private readonly Queue<WatchEvent> _log = new();
    private readonly List<Channel<WatchEvent>> _watchers = [];

    /// <summary>
    /// Streams changes after <paramref name="fromResourceVersion"/> (replayed from the window), or,
    /// when null, every current object as ADDED and then every change. Dispose the subscription to stop.
    /// </summary>
    public Subscription Watch(Func<ObjectKey, JsonObject, bool> matches, long? fromResourceVersion)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(WatcherBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate)
        {
            if (fromResourceVersion is { } from)
            {
                var oldest = _log.Count == 0 ? _resourceVersion + 1 : _log.Peek().ResourceVersion;
                if (from < oldest - 1 && from < _resourceVersion)
                {
                    throw ApiStatusException.Gone($"too old resource version: {from} ({oldest - 1})");
                }

                foreach (var change in _log.Where(e => e.ResourceVersion > from && matches(e.Key, e.Object)))
                {
                    channel.Writer.TryWrite(change with { Object = (JsonObject)change.Object.DeepClone() });
                }
            }
            else
            {
                foreach (var (key, stored) in Sorted(_objects).Where(pair => matches(pair.Key, pair.Value.Body)))
                {
                    channel.Writer.TryWrite(new WatchEvent("ADDED", long.Parse(stored.ResourceVersion, CultureInfo.InvariantCulture), key, (JsonObject)stored.Body.DeepClone()));
                }
            }

            _watchers.Add(channel);
            return new Subscription(channel.Reader, matches, () =>
            {
                lock (_gate)
                {
                    _watchers.Remove(channel);
                }

                channel.Writer.TryComplete();
            });
        }
    }

    private void Publish(string type, ObjectKey key, JsonObject body)
    {
        var change = new WatchEvent(type, _resourceVersion, key, (JsonObject)body.DeepClone());
        _log.Enqueue(change);
        while (_log.Count > WatchWindow)
        {
            _log.Dequeue();
        }

        foreach (var watcher in _watchers.ToArray())
        {
            if (!watcher.Writer.TryWrite(change))
            {
                // Too slow a reader is cut off, as the API server closes a watch it cannot feed.
                watcher.Writer.TryComplete();
                _watchers.Remove(watcher);
            }
        }
    }

    private void Insert(ObjectKey key, StoredObject stored)
    {
        stored.Body["metadata"]!["resourceVersion"] = Next();
        _objects[key] = stored;
        _byUid[stored.Uid] = key;
        Publish("ADDED", key, stored.Body);
    }

    private void Modify(ObjectKey key, StoredObject stored, JsonObject next)
    {
        next["metadata"]!["resourceVersion"] = Next();
        stored.Body = next;
        Publish("MODIFIED", key, next);
    }

    private void Remove(ObjectKey key)
    {
        if (!_objects.Remove(key, out var removed))
        {
            return;
        }

        _byUid.Remove(removed.Uid);
        removed.Body["metadata"]!["resourceVersion"] = Next();
        Publish("DELETED", key, removed.Body);
    }

    private static IEnumerable<KeyValuePair<ObjectKey, StoredObject>> Sorted(IEnumerable<KeyValuePair<ObjectKey, StoredObject>> objects) =>
        objects.OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal).ThenBy(pair => pair.Key.Name, StringComparer.Ordinal);
}
