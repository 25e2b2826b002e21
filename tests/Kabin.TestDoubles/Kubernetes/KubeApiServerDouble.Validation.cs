using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

public sealed partial class KubeApiServerDouble
{
    private static JsonObject Parse(string text, ApiResource resource)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? throw ApiStatusException.BadRequest("the body must be an object");
        }
        catch (JsonException)
        {
            throw ApiStatusException.BadRequest("the body is not JSON (the double reads YAML only in its JSON form)");
        }

        var apiVersion = body["apiVersion"]?.ToString();
        var kind = body["kind"]?.ToString();
        if (apiVersion != resource.ApiVersion || kind != resource.Kind)
        {
            throw ApiStatusException.BadRequest($"the body's apiVersion/kind ({apiVersion} {kind}) does not match the URL ({resource.ApiVersion} {resource.Kind})");
        }

        return body;
    }

    private void Validate(ObjectKey key, JsonObject body)
    {
        var name = body["metadata"]?["name"]?.ToString();
        if (name != key.Name)
        {
            throw ApiStatusException.Invalid(key.Resource, key.Name, $"metadata.name: Invalid value: \"{name}\": the name of the object does not match the name on the URL");
        }

        if (NameRules.Check(key.Resource.NameRule, key.Name) is { } problem)
        {
            throw ApiStatusException.Invalid(key.Resource, key.Name, problem);
        }

        var namespaceName = body["metadata"]?["namespace"]?.ToString();
        if (namespaceName is not null && namespaceName != key.Namespace)
        {
            throw ApiStatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var namespaces = _catalog.ByKind("v1", "Namespace");
        if (key.Namespace is not null && _store.Get(new ObjectKey(namespaces, null, key.Namespace)) is null)
        {
            throw ApiStatusException.NotFound(namespaces, key.Namespace);
        }
    }
}
