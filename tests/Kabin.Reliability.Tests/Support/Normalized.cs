using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>
/// JSON with what differs between two equal runs taken out: ids, uids, resource versions, managed
/// fields and anything that reads as a time. What remains must be equal.
/// </summary>
public static class Normalized
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "id", "uid", "requestId", "resourceVersion", "creationTimestamp", "managedFields", "generation", "time", "deletionTimestamp",
        "cause", "endedBy", "claim",
    };

    public static string Of(JsonNode? node, params string[] alsoDropped) =>
        Strip(node?.DeepClone(), [.. Dropped, .. alsoDropped])?.ToJsonString() ?? "null";

    private static JsonNode? Strip(JsonNode? node, HashSet<string> dropped)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (dropped.Contains(key))
                    {
                        obj.Remove(key);
                    }
                    else if (Strip(obj[key], dropped) is var stripped && !ReferenceEquals(stripped, obj[key]))
                    {
                        obj[key] = stripped;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Strip(array[i], dropped) is var stripped && !ReferenceEquals(stripped, array[i]))
                    {
                        array[i] = stripped;
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return JsonValue.Create("<time>");
            default:
                return node;
        }
    }
}
