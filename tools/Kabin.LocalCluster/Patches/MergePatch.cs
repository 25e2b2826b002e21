using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// RFC 7386 merge patch; as a strategic merge patch it also merges the list-maps the API server
/// merges by key (containers, env, ports, volumes) instead of replacing them. Patch directives
/// (<c>$patch</c>, <c>$retainKeys</c>) are not read.
/// </summary>
public static class MergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name", ["initContainers"] = "name", ["env"] = "name", ["volumes"] = "name",
        ["volumeMounts"] = "mountPath", ["ports"] = "containerPort", ["imagePullSecrets"] = "name",
    };

    public static JsonObject Apply(JsonObject document, JsonNode patch, bool strategic)
    {
        ArgumentNullException.ThrowIfNull(document);
        return patch is JsonObject map
            ? Merge(document.DeepClone(), map, strategic)
            : throw ApiStatusException.BadRequest("a merge patch must be a JSON object");
    }

    private static JsonObject Merge(JsonNode? target, JsonObject patch, bool strategic)
    {
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child)
            {
                result[key] = Merge(result[key]?.DeepClone(), child, strategic);
            }
            else if (strategic && value is JsonArray list && MergeKeys.TryGetValue(key, out var mergeKey) && result[key] is JsonArray existing)
            {
                result[key] = MergeList(existing, list, mergeKey);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, string mergeKey)
    {
        var merged = (JsonArray)existing.DeepClone();
        foreach (var item in patch)
        {
            var match = item is JsonObject patchItem && patchItem[mergeKey] is { } id
                ? merged.FirstOrDefault(e => e is JsonObject o && JsonNode.DeepEquals(o[mergeKey], id))
                : null;
            if (match is null)
            {
                merged.Add(item?.DeepClone());
            }
            else
            {
                merged[merged.IndexOf(match)] = Merge(match.DeepClone(), (JsonObject)item!, strategic: true);
            }
        }

        return merged;
    }
}
