using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

internal sealed partial class ObjectStore
{
    /// <summary>
    /// Plans a server-side apply: a create, or the manager's fields merged in. A field another
    /// manager owns with a different value is a conflict (409, one cause per field, as kubectl
    /// prints them) unless forced; fields the manager stops applying are removed.
    /// </summary>
    public Change PlanApply(ObjectKey key, JsonObject body, string manager, bool force)
    {
        lock (_gate)
        {
            var applied = FieldOwnership.Leaves(Clean(body));
            if (!_objects.TryGetValue(key, out var stored))
            {
                return new Change(key, null, Clean(body), applied.Keys.ToDictionary(path => path, _ => manager, StringComparer.Ordinal));
            }

            var conflicts = applied
                .Where(leaf => stored.Owners.TryGetValue(leaf.Key, out var owner) && owner != manager
                    && !JsonNode.DeepEquals(FieldOwnership.Find(stored.Body, leaf.Key), leaf.Value))
                .Select(leaf => (Manager: stored.Owners[leaf.Key], Field: FieldOwnership.Display(leaf.Key)))
                .ToArray();
            if (conflicts.Length > 0 && !force)
            {
                throw Conflict(key, conflicts);
            }

            var merged = (JsonObject)stored.Body.DeepClone();
            var owners = new Dictionary<string, string>(stored.Owners, StringComparer.Ordinal);
            foreach (var dropped in owners.Where(o => o.Value == manager && !applied.ContainsKey(o.Key)).Select(o => o.Key).ToArray())
            {
                owners.Remove(dropped);
                if (!owners.Keys.Any(other => other.StartsWith(dropped + "\n", StringComparison.Ordinal)))
                {
                    FieldOwnership.Remove(merged, dropped);
                }
            }

            foreach (var (path, value) in applied)
            {
                FieldOwnership.Set(merged, path, value);
                owners[path] = manager;
            }

            return new Change(key, (JsonObject)stored.Body.DeepClone(), merged, owners);
        }
    }

    private static ApiStatusException Conflict(ObjectKey key, (string Manager, string Field)[] conflicts)
    {
        var causes = new JsonArray();
        foreach (var (owner, field) in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{owner}\" using {key.Resource.ApiVersion}",
                ["field"] = field,
            });
        }

        var message = conflicts.Length == 1
            ? $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\" using {key.Resource.ApiVersion}: {conflicts[0].Field}"
            : $"Apply failed with {conflicts.Length} conflicts: " + string.Join("\n", conflicts.GroupBy(c => c.Manager)
                .Select(group => $"conflicts with \"{group.Key}\" using {key.Resource.ApiVersion}:\n" + string.Join("\n", group.Select(c => "- " + c.Field))));
        var details = new JsonObject { ["name"] = key.Name, ["kind"] = key.Resource.Plural, ["causes"] = causes };
        if (key.Resource.Group.Length > 0)
        {
            details["group"] = key.Resource.Group;
        }

        return new ApiStatusException(409, "Conflict", message, details);
    }
}
