using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

internal sealed partial class ObjectStore
{
    private const string Foreground = "foregroundDeletion";
    private const string Orphan = "orphan";

    /// <summary>
    /// Deletes as the API server does: at once when nothing holds the object, else it gets a
    /// deletionTimestamp and stays until its finalizers are gone (a namespace until its contents
    /// are, a running pod until the kubelet stopped it). Returns the object and whether it is gone.
    /// </summary>
    public (JsonObject Object, bool Gone) Delete(ObjectKey key, DeleteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            var stored = _objects.GetValueOrDefault(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
            if (options.Uid is { } uid && uid != stored.Uid)
            {
                throw new ApiStatusException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {stored.Uid}");
            }

            if (options.ResourceVersion is { } version && version != stored.ResourceVersion)
            {
                throw new ApiStatusException(409, "Conflict", $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {stored.ResourceVersion}");
            }

            var next = (JsonObject)stored.Body.DeepClone();
            MarkDeleting(key, next, options);
            if (options.DryRun)
            {
                return (next, false);
            }

            var held = StoredObject.StringsAt(next["metadata"]!["finalizers"]).Count > 0 || key.Resource.Is("Namespace")
                || (key.Resource.Is("Pod") && JsonNumbers.Long(next["metadata"]!["deletionGracePeriodSeconds"]) > 0);
            if (!held && !stored.IsDeleting)
            {
                // Nothing holds it: it goes at once, and watchers see only DELETED, as from the API server.
                Remove(key);
            }
            else if (!JsonNode.DeepEquals(next, stored.Body))
            {
                Modify(key, stored, next);
            }

            Settle();
            return _objects.TryGetValue(key, out var still) ? ((JsonObject)still.Body.DeepClone(), false) : (next, true);
        }
    }

    /// <summary>The kubelet has stopped a terminating pod: it goes once its finalizers allow.</summary>
    public void FinishTermination(ObjectKey key)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(key, out var stored) && stored.IsDeleting && JsonNumbers.Long(stored.Body["metadata"]!["deletionGracePeriodSeconds"]) > 0)
            {
                var next = (JsonObject)stored.Body.DeepClone();
                next["metadata"]!["deletionGracePeriodSeconds"] = 0;
                Modify(key, stored, next);
                Settle();
            }
        }
    }

    private void MarkDeleting(ObjectKey key, JsonObject body, DeleteOptions options)
    {
        var metadata = (JsonObject)body["metadata"]!;
        var policy = options.PropagationPolicy ?? "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
        {
            throw ApiStatusException.BadRequest($"propagationPolicy \"{policy}\" is not one of Orphan, Foreground, Background");
        }

        var finalizers = StoredObject.StringsAt(metadata["finalizers"]).ToList();
        if (policy == "Foreground" && !finalizers.Contains(Foreground))
        {
            finalizers.Add(Foreground);
        }
        else if (policy == "Orphan" && !finalizers.Contains(Orphan))
        {
            finalizers.Add(Orphan);
        }

        if (finalizers.Count > 0)
        {
            metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
        }

        var grace = key.Resource.Is("Pod") && IsRunningOnNode(body) ? options.GracePeriodSeconds ?? JsonNumbers.Long(body["spec"]?["terminationGracePeriodSeconds"]) ?? 30 : 0;
        var existingGrace = JsonNumbers.Long(metadata["deletionGracePeriodSeconds"]);
        if (metadata["deletionTimestamp"] is null || (existingGrace is { } before && grace < before))
        {
            metadata["deletionTimestamp"] = Timestamp(timeProvider.GetUtcNow().AddSeconds(grace));
            metadata["deletionGracePeriodSeconds"] = grace;
        }

        if (key.Resource.Is("Namespace"))
        {
            body["status"] = new JsonObject { ["phase"] = "Terminating" };
        }
    }

    private bool IsRunningOnNode(JsonObject pod) =>
        KubeletRunsPods && pod["spec"]?["nodeName"] is not null && pod["status"]?["phase"]?.ToString() is not ("Succeeded" or "Failed");

    /// <summary>
    /// What the namespace controller, the garbage collector and the API server's deletion do after
    /// a change, run to a fixed point at once (a real cluster gets there eventually).
    /// </summary>
    private void Settle()
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (key, stored) in _objects.ToArray())
            {
                if (!_objects.ContainsKey(key))
                {
                    continue;
                }

                changed |= stored.IsDeleting ? Finish(key, stored) : CollectIfOrphaned(key, stored);
            }
        }
    }

    /// <summary>Works one deleting object towards removal; true when it changed anything.</summary>
    private bool Finish(ObjectKey key, StoredObject stored)
    {
        var finalizers = stored.Finalizers;
        var dependents = _objects.Where(pair => pair.Value.OwnerUids.Contains(stored.Uid)).ToArray();
        if (finalizers.Contains(Orphan))
        {
            foreach (var (dependentKey, dependent) in dependents)
            {
                var next = (JsonObject)dependent.Body.DeepClone();
                var kept = (next["metadata"]!["ownerReferences"] as JsonArray)!.Where(r => r?["uid"]?.ToString() != stored.Uid).Select(r => r!.DeepClone()).ToArray();
                next["metadata"]!["ownerReferences"] = new JsonArray(kept);
                Modify(dependentKey, dependent, next);
            }

            return DropFinalizer(key, stored, Orphan);
        }

        if (finalizers.Contains(Foreground))
        {
            var changed = false;
            foreach (var (dependentKey, dependent) in dependents.Where(pair => !pair.Value.IsDeleting))
            {
                var next = (JsonObject)dependent.Body.DeepClone();
                MarkDeleting(dependentKey, next, new DeleteOptions(PropagationPolicy: "Foreground"));
                Modify(dependentKey, dependent, next);
                changed = true;
            }

            var blocking = dependents.Any(pair => _objects.ContainsKey(pair.Key) && (pair.Value.Body["metadata"]?["ownerReferences"] as JsonArray ?? [])
                .Any(r => r?["uid"]?.ToString() == stored.Uid && (bool?)r["blockOwnerDeletion"] == true));
            return blocking ? changed : DropFinalizer(key, stored, Foreground);
        }

        if (key.Resource.Is("Namespace"))
        {
            return FinishNamespace(key, stored);
        }

        if (finalizers.Count > 0 || (key.Resource.Is("Pod") && IsRunningOnNode(stored.Body) && JsonNumbers.Long(stored.Body["metadata"]!["deletionGracePeriodSeconds"]) > 0))
        {
            return false;
        }

        Remove(key);
        return true;
    }

    private bool FinishNamespace(ObjectKey key, StoredObject stored)
    {
        var contents = _objects.Where(pair => pair.Key.Namespace == key.Name).ToArray();
        var changed = false;
        foreach (var (insideKey, inside) in contents.Where(pair => !pair.Value.IsDeleting))
        {
            var next = (JsonObject)inside.Body.DeepClone();
            MarkDeleting(insideKey, next, new DeleteOptions());
            Modify(insideKey, inside, next);
            changed = true;
        }

        var specFinalizers = StoredObject.StringsAt(stored.Body["spec"]?["finalizers"]);
        if (contents.Length == 0 && specFinalizers.Contains("kubernetes"))
        {
            var next = (JsonObject)stored.Body.DeepClone();
            next["spec"]!["finalizers"] = new JsonArray([.. specFinalizers.Where(f => f != "kubernetes").Select(f => (JsonNode)f)]);
            Modify(key, stored, next);
            return true;
        }

        if (contents.Length == 0 && specFinalizers.Count == 0 && stored.Finalizers.Count == 0)
        {
            Remove(key);
            return true;
        }

        return changed;
    }

    /// <summary>The garbage collector: an object all of whose owners are gone is deleted in the background.</summary>
    private bool CollectIfOrphaned(ObjectKey key, StoredObject stored)
    {
        var owners = stored.OwnerUids.ToArray();
        if (owners.Length == 0 || owners.Any(_byUid.ContainsKey))
        {
            return false;
        }

        var next = (JsonObject)stored.Body.DeepClone();
        MarkDeleting(key, next, new DeleteOptions());
        Modify(key, stored, next);
        return true;
    }

    private bool DropFinalizer(ObjectKey key, StoredObject stored, string finalizer)
    {
        var next = (JsonObject)stored.Body.DeepClone();
        var kept = stored.Finalizers.Where(f => f != finalizer).Select(f => (JsonNode)f).ToArray();
        if (kept.Length == 0)
        {
            ((JsonObject)next["metadata"]!).Remove("finalizers");
        }
        else
        {
            next["metadata"]!["finalizers"] = new JsonArray(kept);
        }

        Modify(key, stored, next);
        return true;
    }
}
