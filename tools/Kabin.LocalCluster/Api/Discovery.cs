using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// The discovery documents kubectl reads before anything else: <c>/version</c>, <c>/api</c>,
/// <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}</c> and <c>/apis/{group}/{version}</c>, plus
/// the health endpoints. The aggregated discovery format is not offered, so clients use these.
/// </summary>
internal static class Discovery
{
    public const string GitVersion = "v1.32.0-kabin-local";

    public static JsonObject? Serve(string path, Uri server)
    {
        var catalog = ApiResourceCatalog.Default;
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => Version(),
            ["healthz"] or ["livez"] or ["readyz"] => null,
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = server.Authority }),
            },
            ["api", "v1"] => ResourceList("v1", catalog.Resources.Where(r => r.Group.Length == 0)),
            ["apis"] => new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray([.. Groups(catalog)]) },
            ["apis", var group] => Groups(catalog).FirstOrDefault(g => g["name"]!.ToString() == group) is { } found ? (JsonObject)found.DeepClone() : null,
            ["apis", var group, var version] when catalog.Resources.Any(r => r.Group == group && r.Version == version) =>
                ResourceList($"{group}/{version}", catalog.Resources.Where(r => r.Group == group && r.Version == version)),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-12-01T00:00:00Z",
        ["goVersion"] = "none (Kabin.LocalCluster, .NET)",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };

    private static IEnumerable<JsonObject> Groups(ApiResourceCatalog catalog) =>
        catalog.Resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).Select(group =>
        {
            var versions = group.Select(r => r.Version).Distinct().OrderByDescending(v => v, StringComparer.Ordinal).ToArray();
            JsonObject Version(string v) => new() { ["groupVersion"] = $"{group.Key}/{v}", ["version"] = v };
            return new JsonObject
            {
                ["kind"] = "APIGroup",
                ["apiVersion"] = "v1",
                ["name"] = group.Key,
                ["versions"] = new JsonArray([.. versions.Select(Version)]),
                ["preferredVersion"] = Version(versions[0]),
            };
        });

    private static JsonObject ResourceList(string groupVersion, IEnumerable<ApiResource> resources)
    {
        var list = new JsonArray();
        foreach (var resource in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Kind.ToLowerInvariant(),
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => (JsonNode)v)]),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(v => (JsonNode)v)]);
            }

            if (resource.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. resource.Categories.Select(v => (JsonNode)v)]);
            }

            list.Add(entry);
            foreach (var subresource in resource.Subresources)
            {
                list.Add(new JsonObject
                {
                    ["name"] = $"{resource.Plural}/{subresource}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = subresource switch { "exec" => "PodExecOptions", "token" => "TokenRequest", "scale" => "Scale", "eviction" => "Eviction", "binding" => "Binding", "log" => "Pod", _ => resource.Kind },
                    ["verbs"] = subresource switch
                    {
                        "exec" => new JsonArray("create", "get"),
                        "token" or "eviction" or "binding" => new JsonArray("create"),
                        "log" => new JsonArray("get"),
                        _ => new JsonArray("get", "patch", "update"),
                    },
                });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = list };
    }
}
