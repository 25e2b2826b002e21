using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// The part of server-side apply the double models: which manager owns each leaf field. Maps merge
/// recursively; the lists Kubernetes marks <c>listType=map</c> (containers, env, ports, volumes,
/// volume mounts) merge element by element on their key, written <c>[name="app"]</c> in a path;
/// every other list is atomic, one leaf. Paths join segments with a newline.
/// </summary>
internal static class FieldOwnership
{
    private static readonly Dictionary<string, string[]> ListMapKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["imagePullSecrets"] = ["name"],
        ["ports"] = ["containerPort", "port"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
    };

    public static Dictionary<string, JsonNode?> Leaves(JsonObject root)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Collect(root, string.Empty, leaves);
        return leaves;
    }

    public static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('\n'))
        {
            node = Child(node, segment);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = path.Split('\n');
        JsonNode container = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = Child(container, segments[i]);
            if (next is null || (IsElement(segments[i + 1]) ? next is not JsonArray : next is not JsonObject))
            {
                next = IsElement(segments[i + 1]) ? new JsonArray() : NewContainer(segments[i]);
                Put(container, segments[i], next);
            }

            container = next;
        }

        Put(container, segments[^1], value?.DeepClone());
    }

    /// <summary>Removes the field at <paramref name="path"/>, and the maps and list elements it leaves empty.</summary>
    public static void Remove(JsonObject root, string path)
    {
        var segments = path.Split('\n');
        var chain = new List<JsonNode> { root };
        foreach (var segment in segments[..^1])
        {
            if (Child(chain[^1], segment) is not { } next)
            {
                return;
            }

            chain.Add(next);
        }

        var isElementKey = segments.Length >= 2 && IsElement(segments[^2]) && ParseElement(segments[^2]).Key == segments[^1];
        if (!isElementKey)
        {
            Delete(chain[^1], segments[^1]);
        }

        for (var depth = chain.Count - 1; depth > 0 && IsEmptyContainer(chain[depth], segments[depth - 1]); depth--)
        {
            Delete(chain[depth - 1], segments[depth - 1]);
        }
    }

    /// <summary>A path as the API server prints it in a conflict: <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Display(string path) =>
        string.Concat(path.Split('\n').Select(segment => IsElement(segment) ? segment : "." + segment));

    private static bool IsElement(string segment) => segment.StartsWith('[');

    private static void Collect(JsonObject map, string prefix, Dictionary<string, JsonNode?> leaves)
    {
        foreach (var (key, value) in map)
        {
            var path = prefix.Length == 0 ? key : prefix + "\n" + key;
            if (value is JsonObject child && child.Count > 0)
            {
                Collect(child, path, leaves);
            }
            else if (value is JsonArray list && list.Count > 0 && ElementSegments(key, list) is { } segments)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    Collect((JsonObject)list[i]!, path + "\n" + segments[i], leaves);
                }
            }
            else
            {
                leaves[path] = value;
            }
        }
    }

    /// <summary>The element segments of a list-map, or null when the list is atomic (or an element lacks its key).</summary>
    private static string[]? ElementSegments(string listName, JsonArray list)
    {
        if (!ListMapKeys.TryGetValue(listName, out var keys))
        {
            return null;
        }

        var segments = new string[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject element || keys.FirstOrDefault(element.ContainsKey) is not { } key || element[key] is not JsonValue value)
            {
                return null;
            }

            segments[i] = $"[{key}={value.ToJsonString()}]";
        }

        return segments.Distinct(StringComparer.Ordinal).Count() == segments.Length ? segments : null;
    }

    private static JsonObject NewContainer(string segment)
    {
        if (!IsElement(segment))
        {
            return [];
        }

        var (key, value) = ParseElement(segment);
        return new JsonObject { [key] = value.DeepClone() };
    }

    private static (string Key, JsonNode Value) ParseElement(string segment)
    {
        var at = segment.IndexOf('=', StringComparison.Ordinal);
        return (segment[1..at], JsonNode.Parse(segment[(at + 1)..^1])!);
    }

    private static JsonNode? Child(JsonNode? node, string segment)
    {
        if (!IsElement(segment))
        {
            return node is JsonObject map && map.TryGetPropertyValue(segment, out var value) ? value : null;
        }

        var (key, wanted) = ParseElement(segment);
        return (node as JsonArray)?.FirstOrDefault(e => e is JsonObject o && JsonNode.DeepEquals(o[key], wanted));
    }

    private static void Put(JsonNode container, string segment, JsonNode? value)
    {
        if (!IsElement(segment))
        {
            ((JsonObject)container)[segment] = value;
            return;
        }

        var list = (JsonArray)container;
        if (Child(list, segment) is { } existing)
        {
            list[list.IndexOf(existing)] = value;
            return;
        }

        list.Add(value);
    }

    private static void Delete(JsonNode container, string segment)
    {
        if (!IsElement(segment))
        {
            (container as JsonObject)?.Remove(segment);
        }
        else if (container is JsonArray list && Child(list, segment) is { } element)
        {
            list.Remove(element);
        }
    }

    private static bool IsEmptyContainer(JsonNode node, string segment)
    {
        if (node is JsonArray list)
        {
            return list.Count == 0;
        }

        if (node is not JsonObject map)
        {
            return false;
        }

        // A list-map element that keeps only its key is gone once nobody applies its other fields.
        return map.Count == 0 || (IsElement(segment) && map.Count == 1 && map.ContainsKey(ParseElement(segment).Key));
    }
}
