using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Server-side printing: the <c>meta.k8s.io/v1</c> Table that <c>kubectl get</c> asks for
/// (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>). Pods get kubectl's usual
/// columns; every other kind gets Name and Age.
/// </summary>
internal static class Tables
{
    public static bool WantsTable(string? accept) =>
        accept is not null && accept.Split(',')[0].Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Of(JsonObject body, ApiResource resource)
    {
        var items = body["items"] is JsonArray list ? list.Select(i => (JsonObject)i!).ToArray() : [body];
        var metadata = new JsonObject();
        foreach (var field in new[] { "resourceVersion", "continue", "remainingItemCount" })
        {
            if (body["items"] is not null && body["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = Columns(resource),
            ["rows"] = new JsonArray([.. items.Select(item => Row(item, resource))]),
        };
    }

    private static JsonArray Columns(ApiResource resource)
    {
        static JsonObject Column(string name, string type, int priority = 0, string format = "") =>
            new() { ["name"] = name, ["type"] = type, ["format"] = format, ["description"] = name, ["priority"] = priority };
        return resource.Is("Pod")
            ? [Column("Name", "string", format: "name"), Column("Ready", "string"), Column("Status", "string"), Column("Restarts", "string"), Column("Age", "string"), Column("IP", "string", 1), Column("Node", "string", 1)]
            : resource.Is("Namespace") ? [Column("Name", "string", format: "name"), Column("Status", "string"), Column("Age", "string")]
            : [Column("Name", "string", format: "name"), Column("Age", "string")];
    }

    private static JsonObject Row(JsonObject item, ApiResource resource)
    {
        var name = item["metadata"]?["name"]?.ToString() ?? string.Empty;
        var age = Age(item["metadata"]?["creationTimestamp"]?.ToString());
        JsonArray cells;
        if (resource.Is("Pod"))
        {
            var statuses = item["status"]?["containerStatuses"] as JsonArray ?? [];
            var containers = (item["spec"]?["containers"] as JsonArray)?.Count ?? 0;
            var ready = statuses.Count(s => (bool?)s?["ready"] == true);
            var restarts = statuses.Sum(s => JsonNumbers.Int(s?["restartCount"]) ?? 0);
            var phase = item["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : item["status"]?["reason"]?.ToString() ?? item["status"]?["phase"]?.ToString() ?? "Pending";
            cells = Cells(name, $"{ready}/{containers}", phase, restarts.ToString(CultureInfo.InvariantCulture), age, item["status"]?["podIP"]?.ToString() ?? "<none>", item["spec"]?["nodeName"]?.ToString() ?? "<none>");
        }
        else if (resource.Is("Namespace"))
        {
            cells = Cells(name, item["status"]?["phase"]?.ToString() ?? "Active", age);
        }
        else
        {
            cells = Cells(name, age);
        }

        var full = (JsonObject)item.DeepClone();
        full["apiVersion"] = resource.ApiVersion;
        full["kind"] = resource.Kind;
        return new JsonObject { ["cells"] = cells, ["object"] = full };
    }

    private static JsonArray Cells(params string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Age(string? timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }

        var age = DateTimeOffset.UtcNow - created;
        return age.TotalSeconds < 120 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
