using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>
/// The part of server-side apply the double models: which manager owns each leaf field (a
/// scalar or a whole list), merging maps recursively and replacing lists, conflicts when another
/// manager owns a field whose value would change (unless forced), and removal of fields a manager
/// stops applying.
/// </summary>
internal static class FieldOwnership
{
    public static Dictionary<string, JsonNode?> Leaves(JsonObject root)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Collect(root, string.Empty, leaves);
        return leaves;
    }

    public static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var key in path.Split('\n'))
        {
            if (node is not JsonObject map || !map.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var keys = path.Split('\n');
        var map = root;
        foreach (var key in keys[..^1])
        {
            if (map[key] is not JsonObject next)
            {
                next = [];
                map[key] = next;
            }

            map = next;
        }

        map[keys[^1]] = value?.DeepClone();
    }

    public static void Remove(JsonObject root, string path)
    {
        var keys = path.Split('\n');
        var parents = new List<JsonObject> { root };
        foreach (var key in keys[..^1])
        {
            if (parents[^1][key] is not JsonObject next)
            {
                return;
            }

            parents.Add(next);
        }

        parents[^1].Remove(keys[^1]);
        // Drop maps that became empty, as a merge that owned all their fields would.
        for (var depth = parents.Count - 1; depth > 0 && parents[depth].Count == 0; depth--)
        {
            parents[depth - 1].Remove(keys[depth - 1]);
        }
    }

    public static string Display(string path) => "." + path.Replace('\n', '.');

    private static void Collect(JsonObject map, string prefix, Dictionary<string, JsonNode?> leaves)
    {
        foreach (var (key, value) in map)
        {
            var path = prefix.Length == 0 ? key : prefix + "\n" + key;
            if (value is JsonObject child && child.Count > 0)
            {
                Collect(child, path, leaves);
            }
            else
            {
                leaves[path] = value;
            }
        }
    }
}
