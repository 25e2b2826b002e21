using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>The parts of an <c>admission.k8s.io/v1</c> AdmissionReview request the policy function reads.</summary>
internal sealed record AdmissionRequest(string Uid, JsonObject? Object, string? Namespace, string? Operation, string? SubResource)
{
    /// <summary>The object before an UPDATE, as the API server sends it.</summary>
    public JsonObject? OldObject { get; init; }

    /// <summary>A dry run: the answer has no effect beyond itself.</summary>
    public bool DryRun { get; init; }

    /// <summary>Who asks, as the API server authenticated them (<c>request.userInfo</c>).</summary>
    public string? UserName { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public const string ApiVersion = "admission.k8s.io/v1";

    // As Pod Security Admission: these subresources never change a pod spec. ephemeralcontainers
    // and resize do, so they are checked like the pod itself.
    private static readonly HashSet<string> IgnoredSubResources = new(StringComparer.Ordinal)
    {
        "exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status",
    };

    /// <summary>Reads a review; anything malformed is an <see cref="InvalidEventDataException"/> (answered 400).</summary>
    public static AdmissionRequest Read(JsonNode? body)
    {
        if (body is not JsonObject review)
        {
            throw InvalidEventDataException.ForField("$", "the body must be an AdmissionReview JSON object.");
        }

        if (JsonNav.String(review, "apiVersion") != ApiVersion || JsonNav.String(review, "kind") != "AdmissionReview")
        {
            throw InvalidEventDataException.ForField(
                "apiVersion", $"expected apiVersion {ApiVersion} and kind AdmissionReview; set admissionReviewVersions: [\"v1\"] in the webhook configuration.");
        }

        var request = JsonNav.Object(review, "request")
            ?? throw InvalidEventDataException.ForField("request", "the AdmissionReview has no request object.");
        var uid = JsonNav.String(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw InvalidEventDataException.ForField("request.uid", "the request needs a non-empty uid to answer with.");
        }

        if (request.TryGetPropertyValue("object", out var node) && node is not null and not JsonObject)
        {
            throw InvalidEventDataException.ForField("request.object", "must be a Kubernetes object.");
        }

        if (request.TryGetPropertyValue("oldObject", out var old) && old is not null and not JsonObject)
        {
            throw InvalidEventDataException.ForField("request.oldObject", "must be a Kubernetes object.");
        }

        var userInfo = JsonNav.Object(request, "userInfo");
        return new AdmissionRequest(
            uid, node as JsonObject, JsonNav.String(request, "namespace"), JsonNav.String(request, "operation"),
            JsonNav.String(request, "subResource"))
        {
            OldObject = old as JsonObject,
            DryRun = request["dryRun"] is JsonValue dryRun && dryRun.TryGetValue<bool>(out var isDryRun) && isDryRun,
            UserName = JsonNav.String(userInfo, "username"),
            Groups = userInfo?["groups"] is JsonArray groups
                ? [.. groups.Select(JsonNav.AsString).OfType<string>()]
                : [],
        };
    }

    /// <summary>
    /// True when there is nothing to check: a DELETE or CONNECT (nothing is created), no object, a
    /// subresource that cannot change the pod spec, or a pod UPDATE that changes nothing Pod
    /// Security Admission or Kabin's rules read (<see cref="PodUpdates"/>).
    /// </summary>
    public bool NeedsNoCheck =>
        Operation is "DELETE" or "CONNECT"
        || Object is null
        || (SubResource is { Length: > 0 } sub && IgnoredSubResources.Contains(sub))
        || (Operation == "UPDATE" && IsPod && !PodUpdates.IsSignificant(Object, OldObject));

    public bool IsCreate => Operation is null or "CREATE";

    private bool IsPod => JsonNav.String(Object, "kind") == "Pod" && JsonNav.String(OldObject, "kind") is null or "Pod";

    /// <summary>The namespace the object will live in: the request's, else the object's own.</summary>
    public string? TargetNamespace =>
        Namespace is { Length: > 0 } ns ? ns : JsonNav.String(JsonNav.Object(Object, "metadata"), "namespace");
}
