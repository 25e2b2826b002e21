using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// The cluster's objects, kept as the API server keeps them: uid, resourceVersion (one counter for
/// every kind), generation, field managers; changes are planned, admitted, then committed, and
/// each commit lets the built-in controllers (namespace, garbage collector, finalizers) settle.
/// </summary>
internal sealed partial class ObjectStore(TimeProvider timeProvider)
{
    private static readonly string[] ServerFields = ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, StoredObject> _objects = [];
    private readonly Dictionary<string, ObjectKey> _byUid = new(StringComparer.Ordinal);
    private long _resourceVersion;

    public TimeProvider Time => timeProvider;

    /// <summary>Pods the simulated kubelet runs: their deletion waits for it to stop them.</summary>
    public bool KubeletRunsPods { get; set; }

    public JsonObject? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(key, out var found) ? (JsonObject)found.Body.DeepClone() : null;
        }
    }

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Stores an object as if it had been created, outside admission; returns it.</summary>
    public JsonObject Seed(ObjectKey key, JsonObject body) => Commit(PlanCreate(key, body, "seed"), dryRun: false);

    public Change PlanCreate(ObjectKey key, JsonObject body, string manager)
    {
        lock (_gate)
        {
            if (_objects.ContainsKey(key))
            {
                throw ApiStatusException.AlreadyExists(key.Resource, key.Name);
            }

            var clean = Clean(body);
            return new Change(key, null, clean, FieldOwnership.Leaves(clean).Keys.ToDictionary(path => path, _ => manager, StringComparer.Ordinal));
        }
    }

    /// <summary>A PUT: the whole object replaced, refused when its resourceVersion is stale.</summary>
    public Change PlanUpdate(ObjectKey key, JsonObject body, string manager)
    {
        lock (_gate)
        {
            var stored = _objects.GetValueOrDefault(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
            var sentVersion = body["metadata"]?["resourceVersion"]?.ToString();
            if (sentVersion is { Length: > 0 } && sentVersion != stored.ResourceVersion)
            {
                throw ApiStatusException.Modified(key.Resource, key.Name);
            }

            var replaced = WithServerFields(Clean(body), stored.Body);
            var owners = new Dictionary<string, string>(stored.Owners, StringComparer.Ordinal);
            foreach (var (path, value) in FieldOwnership.Leaves(replaced))
            {
                if (!JsonNode.DeepEquals(FieldOwnership.Find(stored.Body, path), value))
                {
                    owners[path] = manager;
                }
            }

            return new Change(key, (JsonObject)stored.Body.DeepClone(), replaced, owners);
        }
    }

    /// <summary>A patch: <paramref name="patch"/> turns a copy of the stored object into the new one.</summary>
    public Change PlanPatch(ObjectKey key, Func<JsonObject, JsonObject> patch, string manager)
    {
        ArgumentNullException.ThrowIfNull(patch);
        JsonObject current;
        lock (_gate)
        {
            var stored = _objects.GetValueOrDefault(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
            current = (JsonObject)stored.Body.DeepClone();
        }

        var patched = patch((JsonObject)current.DeepClone());
        patched["metadata"] ??= new JsonObject();
        // A resourceVersion the patch itself sets is a precondition, as the API server treats it.
        if (patched["metadata"]?["resourceVersion"]?.ToString() is { Length: > 0 } sent && sent != current["metadata"]!["resourceVersion"]!.ToString())
        {
            throw ApiStatusException.Modified(key.Resource, key.Name);
        }

        var change = PlanUpdate(key, WithServerFields(patched, current), manager);
        return change.ExpectedResourceVersion == current["metadata"]!["resourceVersion"]!.ToString()
            ? change
            : throw ApiStatusException.Modified(key.Resource, key.Name);
    }

    /// <summary>Stores a planned change unless the object changed since it was planned (409); returns the stored object.</summary>
    public JsonObject Commit(Change change, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var stored = _objects.GetValueOrDefault(change.Key);
            if (change.Old is null ? stored is not null : stored?.ResourceVersion != change.ExpectedResourceVersion)
            {
                throw change.Old is null ? ApiStatusException.AlreadyExists(change.Key.Resource, change.Key.Name) : ApiStatusException.Modified(change.Key.Resource, change.Key.Name);
            }

            if (stored is null)
            {
                var created = Initialized(change.Key, change.Object);
                if (dryRun)
                {
                    return created;
                }

                Insert(change.Key, new StoredObject(created, change.Owners));
                Settle();
                return (JsonObject)created.DeepClone();
            }

            var next = WithServerFields(change.Object, stored.Body);
            if (JsonNode.DeepEquals(next, stored.Body))
            {
                return (JsonObject)stored.Body.DeepClone();
            }

            if (SpecChanged(stored.Body, next))
            {
                next["metadata"]!["generation"] = GenerationOf(stored.Body) + 1;
            }

            if (dryRun)
            {
                return next;
            }

            stored.Owners = change.Owners;
            Modify(change.Key, stored, next);
            Settle();
            return (JsonObject)stored.Body.DeepClone();
        }
    }

    /// <summary>Replaces an object's status as its controller would (bumping resourceVersion); false when it is missing.</summary>
    public bool SetStatus(ObjectKey key, JsonObject status)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var found))
            {
                return false;
            }

            var next = (JsonObject)found.Body.DeepClone();
            next["status"] = status.DeepClone();
            Modify(key, found, next);
            Settle();
            return true;
        }
    }

    /// <summary>Changes an object as a controller does, outside admission (the kubelet's pod status, bindings).</summary>
    public bool Update(ObjectKey key, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var found))
            {
                return false;
            }

            var next = (JsonObject)found.Body.DeepClone();
            change(next);
            if (!JsonNode.DeepEquals(next, found.Body))
            {
                Modify(key, found, next);
                Settle();
            }

            return true;
        }
    }

    private JsonObject Initialized(ObjectKey key, JsonObject body)
    {
        var created = (JsonObject)body.DeepClone();
        var metadata = created["metadata"] as JsonObject ?? [];
        created["metadata"] = metadata;
        if (key.Namespace is not null)
        {
            metadata["namespace"] = key.Namespace;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(timeProvider.GetUtcNow());
        metadata["generation"] = 1;
        if (key.Resource.Is("Namespace"))
        {
            created["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            created["status"] = new JsonObject { ["phase"] = "Active" };
            var labels = metadata["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = key.Name;
            metadata["labels"] = labels;
        }

        if (key.Resource.Is("Pod") && created["status"] is null)
        {
            created["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }

        return created;
    }

    private static long GenerationOf(JsonObject body) =>
        long.Parse(body["metadata"]?["generation"]?.ToJsonString() ?? "1", CultureInfo.InvariantCulture);

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

    /// <summary><paramref name="body"/> with the server's own fields and status carried over from <paramref name="stored"/>.</summary>
    private static JsonObject WithServerFields(JsonObject body, JsonObject stored)
    {
        var next = (JsonObject)body.DeepClone();
        var metadata = next["metadata"] as JsonObject ?? [];
        next["metadata"] = metadata;
        foreach (var field in ServerFields)
        {
            metadata.Remove(field);
            if (stored["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        next.Remove("status");
        if (stored["status"] is { } status)
        {
            next["status"] = status.DeepClone();
        }

        if (stored["kind"]?.ToString() == "Namespace" && stored["spec"] is { } spec)
        {
            next["spec"] = spec.DeepClone();
        }

        return next;
    }

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        static JsonObject Desired(JsonObject body)
        {
            var copy = (JsonObject)body.DeepClone();
            copy.Remove("metadata");
            copy.Remove("status");
            return copy;
        }

        return !JsonNode.DeepEquals(Desired(before), Desired(after));
    }

    internal static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
}
