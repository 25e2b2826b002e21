using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Cluster;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>The double's objects: create, apply, read, list, delete, with resourceVersion and uid as the API server keeps them.</summary>
internal sealed partial class ObjectStore(TimeProvider timeProvider)
{
    private static readonly string[] ServerFields = ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"];
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, StoredObject> _objects = [];
    private long _resourceVersion;

    public JsonObject? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(key, out var found) ? (JsonObject)found.Body.DeepClone() : null;
        }
    }

    public JsonObject List(ApiResource resource, string? namespaceName, LabelSelector selector)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(pair => pair.Key.Resource == resource && (namespaceName is null || pair.Key.Namespace == namespaceName)
                    && selector.Matches(LabelsOf(pair.Value.Body)))
                .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
                .Select(pair => ListItem(pair.Value.Body));
            return new JsonObject
            {
                ["kind"] = resource.Kind + "List",
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Current() },
                ["items"] = new JsonArray([.. items]),
            };
        }
    }

    public JsonObject Create(ObjectKey key, JsonObject body, string manager)
    {
        lock (_gate)
        {
            if (_objects.ContainsKey(key))
            {
                throw ApiStatusException.AlreadyExists(key.Resource, key.Name);
            }

            return Insert(key, body, manager);
        }
    }

    public JsonObject? Delete(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_objects.Remove(key, out var removed))
            {
                return null;
            }

            if (key.Resource.Kind == "Namespace")
            {
                // The namespace controller removes everything inside a deleted namespace.
                foreach (var inside in _objects.Keys.Where(k => k.Namespace == key.Name).ToArray())
                {
                    _objects.Remove(inside);
                }
            }

            Next();
            return removed.Body;
        }
    }

    public bool SetStatus(ObjectKey key, JsonObject status)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var found))
            {
                return false;
            }

            found.Body["status"] = status.DeepClone();
            found.Body["metadata"]!["resourceVersion"] = Next();
            return true;
        }
    }

    private JsonObject Insert(ObjectKey key, JsonObject body, string manager)
    {
        var stored = new StoredObject(Clean(body));
        foreach (var path in FieldOwnership.Leaves(stored.Body).Keys)
        {
            stored.Owners[path] = manager;
        }

        var metadata = (JsonObject)stored.Body["metadata"]!;
        if (key.Namespace is not null)
        {
            metadata["namespace"] = key.Namespace;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = timeProvider.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        metadata["generation"] = 1;
        metadata["resourceVersion"] = Next();
        _objects[key] = stored;
        return (JsonObject)stored.Body.DeepClone();
    }

    /// <summary>The body without what only the server sets: status and server-owned metadata.</summary>
    private static JsonObject Clean(JsonObject body)
    {
        var clean = (JsonObject)body.DeepClone();
        clean.Remove("status");
        if (clean["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerFields)
            {
                metadata.Remove(field);
            }
        }

        return clean;
    }

    private static JsonObject ListItem(JsonObject body)
    {
        // A typed list carries kind and apiVersion once, on the list, not on each item.
        var item = (JsonObject)body.DeepClone();
        item.Remove("kind");
        item.Remove("apiVersion");
        return item;
    }

    private static Dictionary<string, string> LabelsOf(JsonObject body) =>
        (body["metadata"]?["labels"] as JsonObject)?
            .Where(pair => pair.Value is JsonValue)
            .ToDictionary(pair => pair.Key, pair => pair.Value!.ToString(), StringComparer.Ordinal)
        ?? [];

    private string Current() => _resourceVersion.ToString(CultureInfo.InvariantCulture);

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
}
