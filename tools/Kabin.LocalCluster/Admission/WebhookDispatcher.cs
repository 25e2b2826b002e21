using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Dynamic admission as the API server runs it: the stored MutatingWebhookConfigurations in name
/// order (each patch applied before the next is called, <c>reinvocationPolicy: IfNeeded</c> webhooks
/// called again once after a later change), then every ValidatingWebhookConfiguration. A webhook
/// is called when its rules (operations, apiGroups, apiVersions, resources, scope), namespaceSelector
/// and objectSelector match, with an AdmissionReview v1 over its <c>clientConfig.url</c> (HTTPS
/// trusting its <c>caBundle</c>) within <c>timeoutSeconds</c>; a failed call follows its failurePolicy.
/// </summary>
internal sealed class WebhookDispatcher(ObjectStore store, ApiResourceCatalog catalog)
{
    private const int DefaultTimeoutSeconds = 10;

    /// <summary>The admitted object (mutated or not) for a create or update; null for a delete. Throws the denial as a Status.</summary>
    public async Task<JsonObject?> AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var current = attributes.Object;
        var mutating = Webhooks("MutatingWebhookConfiguration").ToArray();
        var calledAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var changes = 0;
        foreach (var webhook in mutating)
        {
            var (mutated, changed) = await CallAsync(webhook, attributes with { Object = current }, mutating: true, cancellationToken);
            calledAt[Name(webhook)] = changes;
            if (changed)
            {
                current = mutated;
                changes++;
            }
        }

        if (changes > 0)
        {
            foreach (var webhook in mutating.Where(w => w["reinvocationPolicy"]?.ToString() == "IfNeeded"
                && calledAt.TryGetValue(Name(w), out var seen) && seen < changes))
            {
                var (mutated, changed) = await CallAsync(webhook, attributes with { Object = current }, mutating: true, cancellationToken);
                current = changed ? mutated : current;
            }
        }

        var validating = Webhooks("ValidatingWebhookConfiguration")
            .Select(webhook => CallAsync(webhook, attributes with { Object = current }, mutating: false, cancellationToken));
        await Task.WhenAll(validating);
        return current;
    }

    private IEnumerable<JsonObject> Webhooks(string kind)
    {
        var resource = catalog.ByKind("admissionregistration.k8s.io/v1", kind);
        var configurations = ((JsonArray)store.List(resource, null, LabelSelector.Everything, FieldSelector.Everything, null, null)["items"]!).OfType<JsonObject>();
        return configurations.SelectMany(c => (c["webhooks"] as JsonArray ?? []).OfType<JsonObject>());
    }

    private async Task<(JsonObject? Object, bool Changed)> CallAsync(JsonObject webhook, AdmissionAttributes attributes, bool mutating, CancellationToken cancellationToken)
    {
        if (!WebhookMatcher.Matches(webhook, attributes, store, catalog))
        {
            return (attributes.Object, false);
        }

        var name = Name(webhook);
        var ignoreFailure = webhook["failurePolicy"]?.ToString() == "Ignore";
        JsonObject response;
        try
        {
            response = await ExchangeAsync(webhook, attributes, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            if (ignoreFailure)
            {
                return (attributes.Object, false);
            }

            var why = failure is TaskCanceledException ? "context deadline exceeded" : failure.Message;
            throw new ApiStatusException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{name}\": {why}");
        }

        if ((bool?)response["allowed"] != true)
        {
            var status = response["status"] as JsonObject ?? [];
            var code = JsonNumbers.Int(status["code"]) ?? 403;
            var message = status["message"]?.ToString() ?? string.Empty;
            throw new ApiStatusException(code, status["reason"]?.ToString() ?? (code == 403 ? "Forbidden" : "BadRequest"),
                $"admission webhook \"{name}\" denied the request{(message.Length > 0 ? ": " + message : string.Empty)}");
        }

        if (!mutating || response["patch"] is null || attributes.Object is null)
        {
            return (attributes.Object, false);
        }

        if (response["patchType"]?.ToString() != "JSONPatch")
        {
            throw new ApiStatusException(500, "InternalError", $"Internal error occurred: webhook \"{name}\" answered a patch without patchType JSONPatch");
        }

        var patch = JsonNode.Parse(Convert.FromBase64String(response["patch"]!.ToString()))!;
        var patched = JsonPatch.Apply(attributes.Object, patch);
        return (patched, !JsonNode.DeepEquals(patched, attributes.Object));
    }

    private static async Task<JsonObject> ExchangeAsync(JsonObject webhook, AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        var config = webhook["clientConfig"] as JsonObject ?? [];
        var url = config["url"]?.ToString()
            ?? throw new InvalidOperationException("the local cluster calls webhooks by clientConfig.url only; a service reference cannot be resolved here");
        using var handler = new HttpClientHandler();
        if (config["caBundle"]?.ToString() is { Length: > 0 } bundle)
        {
            var authority = new X509Certificate2Collection();
            authority.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(bundle)));
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && ClusterAuthority.ChainsTo(authority, certificate);
        }

        var seconds = Math.Clamp(JsonNumbers.Int(webhook["timeoutSeconds"]) ?? DefaultTimeoutSeconds, 1, 30);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(seconds) };
        var uid = Guid.NewGuid().ToString();
        using var content = new StringContent(Review(uid, attributes).ToJsonString(), Encoding.UTF8, "application/json");
        using var answer = await client.PostAsync(url, content, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the webhook answered {(int)answer.StatusCode}");
        }

        var review = JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken)) as JsonObject ?? throw new FormatException("the webhook answered no AdmissionReview");
        var response = review["response"] as JsonObject ?? throw new FormatException("the AdmissionReview has no response");
        return response["uid"]?.ToString() == uid ? response : throw new FormatException($"the response's uid is not the request's ({uid})");
    }

    private static JsonObject Review(string uid, AdmissionAttributes attributes)
    {
        var resource = attributes.Key.Resource;
        var kind = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
        var gvr = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = kind,
            ["resource"] = gvr,
            ["requestKind"] = kind.DeepClone(),
            ["requestResource"] = gvr.DeepClone(),
            ["name"] = attributes.Key.Name,
            ["operation"] = attributes.Operation,
            ["userInfo"] = new JsonObject { ["username"] = attributes.User.Name, ["groups"] = new JsonArray([.. attributes.User.Groups.Select(g => (JsonNode)g)]) },
            ["object"] = attributes.Operation == "DELETE" ? null : attributes.Object?.DeepClone(),
            ["oldObject"] = attributes.OldObject?.DeepClone(),
            ["dryRun"] = attributes.DryRun,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = attributes.Operation switch { "CREATE" => "CreateOptions", "DELETE" => "DeleteOptions", _ => "UpdateOptions" } },
        };
        if (attributes.Key.Namespace is not null)
        {
            request["namespace"] = attributes.Key.Namespace;
        }

        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
    }

    private static string Name(JsonObject webhook) => webhook["name"]?.ToString() ?? string.Empty;
}
