using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>RFC 6902 JSON Patch (add, remove, replace, move, copy, test), as webhooks and <c>kubectl patch --type=json</c> send it.</summary>
public static class JsonPatch
{
    public static JsonObject Apply(JsonObject document, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (patch is not JsonArray operations)
        {
            throw ApiStatusException.BadRequest("a JSON patch must be an array of operations");
        }

        JsonNode root = document.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.ToString();
            var path = operation?["path"]?.ToString() ?? throw ApiStatusException.BadRequest("a JSON patch operation needs a path");
            switch (op)
            {
                case "add":
                    root = Add(root, path, Value(operation!));
                    break;
                case "remove":
                    Take(root, path);
                    break;
                case "replace":
                    Take(root, path);
                    root = Add(root, path, Value(operation!));
                    break;
                case "move":
                    root = Add(root, path, Take(root, From(operation!)));
                    break;
                case "copy":
                    root = Add(root, path, Get(root, From(operation!))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation!["value"]))
                    {
                        throw new ApiStatusException(422, "Invalid", $"the test at {path} failed");
                    }

                    break;
                default:
                    throw ApiStatusException.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }

        return root as JsonObject ?? throw ApiStatusException.BadRequest("a JSON patch must leave an object");
    }

    private static JsonNode? Value(JsonNode operation) =>
        operation is JsonObject map && map.ContainsKey("value") ? map["value"]?.DeepClone() : throw ApiStatusException.BadRequest("the operation needs a value");

    private static string From(JsonNode operation) => operation["from"]?.ToString() ?? throw ApiStatusException.BadRequest("the operation needs from");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer.StartsWith('/')
            ? [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))]
            : throw ApiStatusException.BadRequest($"\"{pointer}\" is not a JSON pointer");

    private static JsonNode? Get(JsonNode? node, string pointer)
    {
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject map => map[token],
                JsonArray list when int.TryParse(token, out var index) && index >= 0 && index < list.Count => list[index],
                _ => throw new ApiStatusException(422, "Invalid", $"the path {pointer} does not exist"),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        var parent = tokens.Length == 1
            ? root
            : Get(root, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));

        return (parent ?? throw new ApiStatusException(422, "Invalid", $"the parent of {pointer} does not exist"), tokens[^1]);
    }

    private static JsonNode Add(JsonNode root, string pointer, JsonNode? value)
    {
        if (pointer.Length == 0)
        {
            return value ?? throw ApiStatusException.BadRequest("the document cannot become null");
        }

        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list when last == "-":
                list.Add(value);
                break;
            case JsonArray list when int.TryParse(last, out var index) && index >= 0 && index <= list.Count:
                list.Insert(index, value);
                break;
            default:
                throw new ApiStatusException(422, "Invalid", $"cannot add at {pointer}");
        }

        return root;
    }

    private static JsonNode? Take(JsonNode root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject map when map.ContainsKey(last):
                var value = map[last];
                map.Remove(last);
                return value;
            case JsonArray list when int.TryParse(last, out var index) && index >= 0 && index < list.Count:
                var item = list[index];
                list.RemoveAt(index);
                return item;
            default:
                throw new ApiStatusException(422, "Invalid", $"the path {pointer} does not exist");
        }
    }
}
