using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

public sealed partial class KubeApiServerDouble
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private const int PatchAttempts = 5;

    private async Task<(JsonObject, bool)> CreateAsync(ResourcePath path, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        var body = Parse(request, path.Resource);
        var name = body["metadata"]?["name"]?.GetValue<string>();
        if (name is null && body["metadata"]?["generateName"]?.GetValue<string>() is { } prefix)
        {
            name = prefix + Guid.NewGuid().ToString("N")[..5];
            body["metadata"]!["name"] = name;
        }

        if (name is null)
        {
            throw ApiStatusException.Invalid(path.Resource, string.Empty, "metadata.name: Required value: name or generateName is required");
        }

        var key = new ObjectKey(path.Resource, path.Namespace, name);
        Validate(key, body, creating: true);
        var change = _store.PlanCreate(key, body, request.QueryValue("fieldManager") ?? ManagerOf(request));
        return (await AdmitAndCommitAsync(change, caller, request, cancellationToken), true);
    }

    private async Task<JsonObject> UpdateAsync(ObjectKey key, string? subresource, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        var body = Parse(request, key.Resource);
        Validate(key, body, creating: false);
        if (subresource == "status")
        {
            _store.SetStatus(key, body["status"] as JsonObject ?? []);
            return _store.Get(key)!;
        }

        if (subresource == "finalize" && key.Resource.Is("Namespace"))
        {
            var finalizers = body["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
            _store.Update(key, ns => ns["spec"] = new JsonObject { ["finalizers"] = finalizers });
            return _store.Get(key) ?? body;
        }

        var change = _store.PlanUpdate(key, body, request.QueryValue("fieldManager") ?? ManagerOf(request));
        return await AdmitAndCommitAsync(change, caller, request, cancellationToken);
    }

    private async Task<(JsonObject, bool)> PatchAsync(ObjectKey key, string? subresource, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeOf(request.ContentType);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PatchOnceAsync(key, subresource, mediaType, request, caller, cancellationToken);
            }
            catch (ApiStatusException conflict) when (conflict.Code == 409 && conflict.Reason is "Conflict" or "AlreadyExists" && attempt < PatchAttempts && conflict.Details?["causes"] is null)
            {
                // A patch has no resourceVersion of its own: the server retries it on the newer object.
            }
        }
    }

    private async Task<(JsonObject, bool)> PatchOnceAsync(ObjectKey key, string? subresource, string? mediaType, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        Change change;
        if (mediaType == ApplyPatch)
        {
            var manager = request.QueryValue("fieldManager")
                ?? throw ApiStatusException.BadRequest("PATCH with application/apply-patch+yaml requires the fieldManager parameter");
            var body = Parse(request, key.Resource);
            Validate(key, body, creating: _store.Get(key) is null);
            change = _store.PlanApply(key, body, manager, request.QueryValue("force") == "true");
        }
        else
        {
            var patch = JsonNode.Parse(request.Body) ?? throw ApiStatusException.BadRequest("the patch is empty");
            Func<JsonObject, JsonObject> apply = mediaType switch
            {
                "application/json-patch+json" => current => JsonPatch.Apply(current, patch),
                "application/merge-patch+json" => current => MergePatch.Apply(current, patch, strategic: false),
                "application/strategic-merge-patch+json" => current => MergePatch.Apply(current, patch, strategic: true),
                _ => throw new ApiStatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
            };
            if (subresource == "status")
            {
                var current = _store.Get(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
                _store.SetStatus(key, apply(current)["status"] as JsonObject ?? []);
                return (_store.Get(key)!, false);
            }

            change = _store.PlanPatch(key, apply, request.QueryValue("fieldManager") ?? ManagerOf(request));
            Validate(key, change.Object, creating: false);
        }

        return (await AdmitAndCommitAsync(change, caller, request, cancellationToken), change.Old is null);
    }

    private async Task<(JsonObject, int)> DeleteAsync(ObjectKey key, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        var options = DeleteOptionsOf(request);
        var current = _store.Get(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
        await Webhooks.AdmitAsync(new AdmissionAttributes("DELETE", key, null, current, caller, options.DryRun), cancellationToken);
        var (deleted, gone) = _store.Delete(key, options);
        return (deleted, !gone && options.PropagationPolicy == "Foreground" ? 202 : 200);
    }

    private async Task<JsonObject> DeleteCollectionAsync(ResourcePath path, RecordedRequest request, UserInfo caller, CancellationToken cancellationToken)
    {
        var list = _store.List(path.Resource, path.Namespace, LabelSelector.Parse(request.QueryValue("labelSelector")),
            FieldSelector.Parse(request.QueryValue("fieldSelector"), path.Resource), null, null);
        var items = new JsonArray();
        foreach (var item in (JsonArray)list["items"]!)
        {
            var key = new ObjectKey(path.Resource, path.Namespace ?? item!["metadata"]?["namespace"]?.ToString(), item!["metadata"]!["name"]!.ToString());
            var (deleted, _) = await DeleteAsync(key, request, caller, cancellationToken);
            items.Add(deleted);
        }

        list["items"] = items;
        return list;
    }

    private async Task<JsonObject> AdmitAndCommitAsync(Change change, UserInfo caller, RecordedRequest request, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(request);
        var attributes = new AdmissionAttributes(change.Operation, change.Key, change.Object, change.Old, caller, dryRun);
        change.Object = await Webhooks.AdmitAsync(attributes, cancellationToken) ?? change.Object;
        return _store.Commit(change, dryRun);
    }

    private static DeleteOptions DeleteOptionsOf(RecordedRequest request)
    {
        var body = request.Body.Length > 0 ? ParseJson(request.Body) : [];
        long? Number(string name) =>
            request.QueryValue(name) is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : JsonNumbers.Long(body[name]);
        var policy = request.QueryValue("propagationPolicy") ?? body["propagationPolicy"]?.ToString();
        if (policy is null && (request.QueryValue("orphanDependents") ?? body["orphanDependents"]?.ToString()) is "true" or "True")
        {
            policy = "Orphan";
        }

        var dryRun = IsDryRun(request) || (body["dryRun"] as JsonArray)?.Any(v => v?.ToString() == "All") == true;
        return new DeleteOptions(Number("gracePeriodSeconds"), policy, body["preconditions"]?["uid"]?.ToString(), body["preconditions"]?["resourceVersion"]?.ToString(), dryRun);
    }

    private static string ManagerOf(RecordedRequest request) =>
        request.UserAgent is { Length: > 0 } agent ? agent.Split('/')[0] : "unknown";

    private static JsonObject ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ApiStatusException.BadRequest("the body must be a JSON object");
        }
        catch (System.Text.Json.JsonException)
        {
            throw ApiStatusException.BadRequest("the body is not JSON (the local cluster reads YAML only in its JSON form)");
        }
    }
}
