using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

public sealed partial class KubeApiServerDouble
{
    private static JsonObject Parse(RecordedRequest request, ApiResource resource)
    {
        if (MediaTypeOf(request.ContentType) is { } mediaType && !mediaType.EndsWith("json", StringComparison.Ordinal) && mediaType != ApplyPatch)
        {
            // Protobuf and CBOR are not spoken here; clients fall back to JSON on a 415.
            throw new ApiStatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }

        var text = request.Body;
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? throw ApiStatusException.BadRequest("the body must be an object");
        }
        catch (JsonException)
        {
            throw ApiStatusException.BadRequest("the body is not JSON (the local cluster reads YAML only in its JSON form)");
        }

        var apiVersion = body["apiVersion"]?.ToString();
        var kind = body["kind"]?.ToString();
        if (apiVersion != resource.ApiVersion || kind != resource.Kind)
        {
            throw ApiStatusException.BadRequest($"the body's apiVersion/kind ({apiVersion} {kind}) does not match the URL ({resource.ApiVersion} {resource.Kind})");
        }

        return body;
    }

    private void Validate(ObjectKey key, JsonObject body, bool creating)
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

        if (key.Namespace is null)
        {
            return;
        }

        var namespaces = _catalog.ByKind("v1", "Namespace");
        var found = _store.Get(new ObjectKey(namespaces, null, key.Namespace)) ?? throw ApiStatusException.NotFound(namespaces, key.Namespace);
        if (creating && found["metadata"]?["deletionTimestamp"] is not null)
        {
            // The NamespaceLifecycle admission plugin: nothing new in a namespace that is going.
            var cause = new JsonObject
            {
                ["reason"] = "NamespaceTerminating",
                ["message"] = $"namespace {key.Namespace} is being terminated",
                ["field"] = "metadata.namespace",
            };
            throw ApiStatusException.Forbidden(key.Resource, key.Name,
                $"{key.Resource.QualifiedName} \"{key.Name}\" is forbidden: unable to create new content in namespace {key.Namespace} because it is being terminated",
                [cause]);
        }
    }
}
