using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.Cluster;

/// <summary>
/// The cluster port without a cluster: it applies nothing, remembers every manifest it would
/// apply (so reads, lists and deletes behave as they would against the real objects) and returns
/// the manifest itself from each apply, so replies can show exactly what Kabin would do. Objects
/// are also kept by namespace, so that a list in one namespace (as every tenant update makes)
/// costs what is in that namespace, not what the whole plan holds.
/// </summary>
public sealed class PlanClusterClient(TimeProvider timeProvider) : IClusterClient
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceRef, JsonObject> _objects = [];
    private readonly Dictionary<string, HashSet<ResourceRef>> _byNamespace = new(StringComparer.Ordinal);
    private long _resourceVersion;

    public ClusterMode Mode => ClusterMode.Plan;

    public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = ResourceRef.Of(manifest);
        lock (_gate)
        {
            var stored = (JsonObject)manifest.DeepClone();
            var metadata = (JsonObject)stored["metadata"]!;
            if (_objects.TryGetValue(key, out var existing))
            {
                metadata["uid"] = existing["metadata"]?["uid"]?.DeepClone();
                metadata["creationTimestamp"] = existing["metadata"]?["creationTimestamp"]?.DeepClone();
                // Status is owned by controllers, not by the applier: keep what is there.
                if (existing["status"] is { } status)
                {
                    stored["status"] = status.DeepClone();
                }
            }
            else
            {
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = timeProvider.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }

            metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
            _objects[key] = stored;
            InNamespace(key.Namespace).Add(key);
        }

        return Task.FromResult((JsonObject)manifest.DeepClone());
    }

    public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_objects.TryGetValue(resource, out var found) ? (JsonObject?)found.DeepClone() : null);
        }
    }

    public Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken)
    {
        var selector = LabelSelector.Parse(labelSelector);
        lock (_gate)
        {
            var candidates = namespaceName is null
                ? _objects
                : (_byNamespace.TryGetValue(namespaceName, out var inside) ? inside : []).Select(key => KeyValuePair.Create(key, _objects[key]));
            IReadOnlyList<JsonObject> matches = [.. candidates
                .Where(pair => pair.Key.ApiVersion == apiVersion && pair.Key.Kind == kind
                    && selector.Matches(LabelsOf(pair.Value)))
                .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
                .Select(pair => (JsonObject)pair.Value.DeepClone())];
            return Task.FromResult(matches);
        }
    }

    public Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(mergePatch);
        lock (_gate)
        {
            if (!_objects.TryGetValue(resource, out var found))
            {
                return Task.FromResult<JsonObject?>(null);
            }

            var current = found["metadata"]?["resourceVersion"]?.ToString();
            if (mergePatch["metadata"]?["resourceVersion"]?.ToString() is { Length: > 0 } expected && expected != current)
            {
                throw new ConflictException($"{resource} changed since resourceVersion {expected} (it is {current}).");
            }

            var patched = MergePatch.Apply(found, mergePatch);
            patched["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
            _objects[resource] = patched;
            return Task.FromResult<JsonObject?>((JsonObject)patched.DeepClone());
        }
    }

    public Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            var removed = _objects.Remove(resource);
            if (removed)
            {
                InNamespace(resource.Namespace).Remove(resource);
            }

            if (removed && resource.Kind == "Namespace" && resource.Namespace is null
                && _byNamespace.Remove(resource.Name, out var inside))
            {
                // Deleting a namespace deletes everything in it, as the namespace controller would.
                foreach (var key in inside)
                {
                    _objects.Remove(key);
                }
            }

            return Task.FromResult(removed);
        }
    }

    /// <summary>Sets an object's status as a controller would; plan mode uses it for pod events sent by hand.</summary>
    public bool SetStatus(ResourceRef resource, JsonObject status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            if (!_objects.TryGetValue(resource, out var found))
            {
                return false;
            }

            found["status"] = status.DeepClone();
            return true;
        }
    }

    private HashSet<ResourceRef> InNamespace(string? namespaceName)
    {
        var name = namespaceName ?? string.Empty;
        if (!_byNamespace.TryGetValue(name, out var keys))
        {
            keys = [];
            _byNamespace[name] = keys;
        }

        return keys;
    }

    private static Dictionary<string, string> LabelsOf(JsonObject manifest)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (manifest["metadata"]?["labels"] is JsonObject found)
        {
            foreach (var (key, value) in found)
            {
                if (value?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    labels[key] = value.GetValue<string>();
                }
            }
        }

        return labels;
    }
}
