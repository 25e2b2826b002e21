using System.Text.Json.Nodes;

namespace Kabin.Cluster;

/// <summary>JSON merge patch (RFC 7386): objects merge key by key, a null removes the key, anything else replaces.</summary>
public static class MergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        var result = (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child)
            {
                result[key] = Apply(result[key] as JsonObject ?? [], child);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
