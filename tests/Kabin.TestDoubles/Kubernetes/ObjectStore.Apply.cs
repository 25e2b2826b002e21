using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

internal sealed partial class ObjectStore
{
    /// <summary>Server-side apply: create, or merge the manager's fields; nothing changes (not even resourceVersion) when nothing differs.</summary>
    public (JsonObject Body, bool Created) Apply(ObjectKey key, JsonObject body, string manager, bool force)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var stored))
            {
                return (Insert(key, body, manager), true);
            }

            var applied = FieldOwnership.Leaves(Clean(body));
            var conflicts = applied
                .Where(leaf => stored.Owners.TryGetValue(leaf.Key, out var owner) && owner != manager
                    && !JsonNode.DeepEquals(FieldOwnership.Find(stored.Body, leaf.Key), leaf.Value))
                .Select(leaf => $"conflict with \"{stored.Owners[leaf.Key]}\": {FieldOwnership.Display(leaf.Key)}")
                .ToArray();
            if (conflicts.Length > 0 && !force)
            {
                throw new ApiStatusException(409, "Conflict", $"Apply failed with {conflicts.Length} conflict(s): {string.Join("; ", conflicts)}");
            }

            var merged = (JsonObject)stored.Body.DeepClone();
            foreach (var dropped in stored.Owners.Where(o => o.Value == manager && !applied.ContainsKey(o.Key)).Select(o => o.Key).ToArray())
            {
                FieldOwnership.Remove(merged, dropped);
                stored.Owners.Remove(dropped);
            }

            foreach (var (path, value) in applied)
            {
                FieldOwnership.Set(merged, path, value);
                stored.Owners[path] = manager;
            }

            if (JsonNode.DeepEquals(merged, stored.Body))
            {
                return ((JsonObject)stored.Body.DeepClone(), false);
            }

            if (SpecChanged(stored.Body, merged))
            {
                var generation = long.Parse(merged["metadata"]!["generation"]!.ToJsonString(), CultureInfo.InvariantCulture);
                merged["metadata"]!["generation"] = generation + 1;
            }

            merged["metadata"]!["resourceVersion"] = Next();
            stored.Body = merged;
            return ((JsonObject)merged.DeepClone(), false);
        }
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
}
