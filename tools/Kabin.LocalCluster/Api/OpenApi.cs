using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Just enough OpenAPI v3 for kubectl to know that this server validates fields itself: each
/// resource's PATCH operation, tagged with its group-version-kind, takes <c>fieldValidation</c>,
/// so kubectl asks for server-side validation instead of downloading schemas. No schemas are served.
/// </summary>
internal static class OpenApi
{
    public static JsonObject? Serve(string path)
    {
        var catalog = ApiResourceCatalog.Default;
        if (path.TrimEnd('/') == "/openapi/v3")
        {
            var paths = new JsonObject();
            foreach (var group in catalog.GroupVersions)
            {
                var relative = group.Key.Group.Length == 0 ? $"api/{group.Key.Version}" : $"apis/{group.Key.Group}/{group.Key.Version}";
                paths[relative] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{relative}?hash=local" };
            }

            return new JsonObject { ["paths"] = paths };
        }

        if (!path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            return null;
        }

        var groupVersion = path["/openapi/v3/".Length..].Trim('/');
        var resources = catalog.Resources.Where(r => (r.Group.Length == 0 ? $"api/{r.Version}" : $"apis/{r.Group}/{r.Version}") == groupVersion).ToArray();
        if (resources.Length == 0)
        {
            return null;
        }

        var operations = new JsonObject();
        foreach (var resource in resources)
        {
            var gvk = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
            var scope = resource.Namespaced ? "/namespaces/{namespace}" : string.Empty;
            operations[$"{resource.Root}{scope}/{resource.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + resource.Kind,
                    ["x-kubernetes-group-version-kind"] = gvk,
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kabin local cluster", ["version"] = Discovery.GitVersion },
            ["paths"] = operations,
        };
    }
}
