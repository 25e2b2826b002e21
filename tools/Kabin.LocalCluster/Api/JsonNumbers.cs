using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>Reads a JSON number whether it was parsed or set in code (a node built from an int does not cast to long).</summary>
internal static class JsonNumbers
{
    public static long? Long(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static int? Int(JsonNode? node) => Long(node) is { } number && number is >= int.MinValue and <= int.MaxValue ? (int)number : null;
}
