using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>Allocation-free reads of optional fields; a field of the wrong JSON type reads as absent.</summary>
internal static class JsonNav
{
    public static JsonObject? Object(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? node as JsonObject : null;

    public static JsonArray? Array(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? node as JsonArray : null;

    public static string? String(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node)
            && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static bool? Bool(JsonObject? parent, string name)
    {
        if (parent is null || !parent.TryGetPropertyValue(name, out var node) || node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    public static long? Integer(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node)
            && node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && value.TryGetValue<long>(out var number)
            ? number
            : null;

    /// <summary>True when the field is present with any value but null.</summary>
    public static bool Has(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) && node is not null;

    /// <summary>A string value, or null when the node is not a JSON string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
