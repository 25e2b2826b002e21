using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

internal sealed partial class ObjectStore
{
    /// <summary>
    /// One page of a list in (namespace, name) order. The continue token names the last key served
    /// and the list's resourceVersion; a token older than the watch window answers 410 Gone.
    /// </summary>
    public JsonObject List(ApiResource resource, string? namespaceName, LabelSelector labels, FieldSelector fields, int? limit, string? continueToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(fields);
        lock (_gate)
        {
            var (after, listVersion) = continueToken is null ? (null, _resourceVersion) : ReadToken(continueToken);
            var matching = Sorted(_objects.Where(pair => pair.Key.Resource.Kind == resource.Kind && pair.Key.Resource.Group == resource.Group
                    && (namespaceName is null || pair.Key.Namespace == namespaceName)
                    && (after is null || Compare(pair.Key, after.Value) > 0)
                    && labels.Matches(LabelsOf(pair.Value.Body)) && fields.Matches(pair.Value.Body)))
                .ToList();
            var page = limit is > 0 ? matching.Take(limit.Value).ToList() : matching;
            var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(CultureInfo.InvariantCulture) };
            if (page.Count < matching.Count)
            {
                var last = page[^1].Key;
                metadata["continue"] = WriteToken(last.Namespace ?? string.Empty, last.Name, listVersion);
                metadata["remainingItemCount"] = matching.Count - page.Count;
            }

            return new JsonObject
            {
                ["kind"] = resource.Kind + "List",
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray([.. page.Select(pair => ListItem(pair.Value.Body, resource))]),
            };
        }
    }

    internal static Dictionary<string, string> LabelsOf(JsonObject body) =>
        (body["metadata"]?["labels"] as JsonObject)?
            .Where(pair => pair.Value is JsonValue)
            .ToDictionary(pair => pair.Key, pair => pair.Value!.ToString(), StringComparer.Ordinal)
        ?? [];

    private static int Compare(ObjectKey key, (string Namespace, string Name) after)
    {
        var byNamespace = string.CompareOrdinal(key.Namespace ?? string.Empty, after.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(key.Name, after.Name);
    }

    private static JsonObject ListItem(JsonObject body, ApiResource resource)
    {
        // A built-in kind's list carries kind and apiVersion once, on the list; a custom resource's items keep theirs.
        var item = (JsonObject)body.DeepClone();
        var builtIn = resource.Group.Length == 0 || resource.Group.EndsWith(".k8s.io", StringComparison.Ordinal) || !resource.Group.Contains('.', StringComparison.Ordinal);
        if (builtIn)
        {
            item.Remove("kind");
            item.Remove("apiVersion");
        }

        return item;
    }

    private static string WriteToken(string namespaceName, string name, long resourceVersion)
    {
        var token = new JsonObject { ["v"] = "local/1", ["rv"] = resourceVersion, ["ns"] = namespaceName, ["name"] = name };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token.ToJsonString()));
    }

    private ((string, string)?, long) ReadToken(string token)
    {
        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(Base64Url.DecodeFromChars(token)) as JsonObject;
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
        {
            parsed = null;
        }

        if (parsed?["v"]?.ToString() != "local/1" || parsed["rv"] is null || parsed["name"] is null)
        {
            throw ApiStatusException.BadRequest("continue key is not valid: the token was not issued by this server");
        }

        var listVersion = JsonNumbers.Long(parsed["rv"]!) ?? -1;
        var oldest = _log.Count == 0 ? _resourceVersion : _log.Peek().ResourceVersion - 1;
        if (listVersion < oldest)
        {
            throw ApiStatusException.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
        }

        return ((parsed["ns"]?.ToString() ?? string.Empty, parsed["name"]!.ToString()), listVersion);
    }
}
