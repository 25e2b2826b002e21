using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.State;

namespace Kabin.Cluster;

/// <summary>
/// The cluster port without a cluster: it applies nothing, remembers every manifest it would
/// apply (so reads, lists and deletes behave as they would against the real objects) and returns
/// the manifest itself from each apply, so replies can show exactly what Kabin would do. The
/// objects live in the state store (the embedded one when Kabin runs locally), not in process
/// memory, so a plan of 10,000 tenants costs the host what one tenant does. Each object is one key;
/// each namespace has an index of what it holds, so a list in one namespace (as every tenant update
/// makes) reads that namespace only. Cluster-scoped objects are indexed in hash shards.
/// </summary>
public sealed partial class PlanClusterClient(TimeProvider timeProvider, IStateStore store) : IClusterClient
{
    // Opaque and increasing, like the API server's: started from the clock, so a restarted host
    // over the same store never gives an object a resourceVersion it already had.
    private long _resourceVersion = timeProvider.GetUtcNow().UtcTicks;

    public ClusterMode Mode => ClusterMode.Plan;

    public async Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var resource = ResourceRef.Of(manifest);
        var key = ObjectKey(resource);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var existing = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var stored = Applied(manifest, existing is null ? null : Parse(existing));
            if (existing is null)
            {
                // Indexed before it is written: a crash in between leaves an entry lists skip, never an object they miss.
                await AddToIndexAsync(resource, cancellationToken).ConfigureAwait(false);
                if (await store.TryCreateAsync(key, stored, KabinJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false))
                {
                    return (JsonObject)manifest.DeepClone();
                }
            }
            else if (await store.TrySaveAsync(key, stored, existing.ETag, KabinJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false))
            {
                return (JsonObject)manifest.DeepClone();
            }
        }

        throw new ConflictException($"{resource} kept changing while it was planned; try again.");
    }

    public async Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return await store.GetAsync(ObjectKey(resource), cancellationToken).ConfigureAwait(false) is { } entry ? Parse(entry) : null;
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken)
    {
        var selector = LabelSelector.Parse(labelSelector);
        var candidates = namespaceName is null
            ? await EverywhereAsync(cancellationToken).ConfigureAwait(false)
            : (await ReadIndexAsync(NamespaceIndexKey(namespaceName), cancellationToken).ConfigureAwait(false))
                .Select(entry => entry.In(namespaceName));
        var wanted = candidates.Where(candidate => candidate.ApiVersion == apiVersion && candidate.Kind == kind).ToArray();
        var entries = (await store.GetManyAsync([.. wanted.Select(ObjectKey)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(entry => entry.Key, StringComparer.Ordinal);
        var matches = new List<(ResourceRef Resource, JsonObject Manifest)>();
        foreach (var resource in wanted)
        {
            if (entries.TryGetValue(ObjectKey(resource), out var entry) && Parse(entry) is var found && selector.Matches(LabelsOf(found)))
            {
                matches.Add((resource, found));
            }
        }

        return [.. matches
            .OrderBy(match => match.Resource.Namespace, StringComparer.Ordinal)
            .ThenBy(match => match.Resource.Name, StringComparer.Ordinal)
            .Select(match => match.Manifest)];
    }

    public async Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(mergePatch);
        var key = ObjectKey(resource);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return null;
            }

            var found = Parse(entry);
            var current = found["metadata"]?["resourceVersion"]?.ToString();
            if (mergePatch["metadata"]?["resourceVersion"]?.ToString() is { Length: > 0 } expected && expected != current)
            {
                throw new ConflictException($"{resource} changed since resourceVersion {expected} (it is {current}).");
            }

            var patched = MergePatch.Apply(found, mergePatch);
            patched["metadata"]!["resourceVersion"] = NextResourceVersion();
            if (await store.TrySaveAsync(key, patched, entry.ETag, KabinJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false))
            {
                return patched;
            }
        }

        throw new ConflictException($"{resource} kept changing while it was patched; try again.");
    }

    public async Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = ObjectKey(resource);
        if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        await RemoveFromIndexAsync(resource, cancellationToken).ConfigureAwait(false);
        if (resource.Kind == "Namespace" && resource.Namespace is null)
        {
            // Deleting a namespace deletes everything in it, as the namespace controller would.
            var inside = NamespaceIndexKey(resource.Name);
            foreach (var entry in await ReadIndexAsync(inside, cancellationToken).ConfigureAwait(false))
            {
                await store.DeleteAsync(ObjectKey(entry.In(resource.Name)), cancellationToken).ConfigureAwait(false);
            }

            await store.DeleteAsync(inside, cancellationToken).ConfigureAwait(false);
            await ChangeNamespacesAsync(resource.Name, present: false, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Sets an object's status as a controller would; plan mode uses it for pod events sent by hand.</summary>
    public async Task<bool> SetStatusAsync(ResourceRef resource, JsonObject status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(status);
        var key = ObjectKey(resource);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return false;
            }

            var found = Parse(entry);
            found["status"] = status.DeepClone();
            if (await store.TrySaveAsync(key, found, entry.ETag, KabinJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw new ConflictException($"{resource} kept changing while its status was set; try again.");
    }

    private JsonObject Applied(JsonObject manifest, JsonObject? existing)
    {
        var stored = (JsonObject)manifest.DeepClone();
        var metadata = (JsonObject)stored["metadata"]!;
        if (existing is not null)
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

        metadata["resourceVersion"] = NextResourceVersion();
        return stored;
    }

    private string NextResourceVersion() => Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);

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
