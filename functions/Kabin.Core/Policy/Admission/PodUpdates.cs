using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>
/// Which pod UPDATEs are judged again, after Pod Security Admission's <c>isSignificantPodUpdate</c>:
/// a change in the number of containers or init containers, in a container's image, or an
/// ephemeral container added or changed. Kabin also judges a change of any container's resources
/// (an in-place resize), since its largest-sandbox rule reads them. Everything else (labels,
/// annotations, finalizers, owner references, status, the fields the API server lets change)
/// cannot weaken the pod and is allowed, so that terminating pods can finish after a tenant's
/// policy was tightened.
/// </summary>
internal static class PodUpdates
{
    private static readonly string[] ComparedFields = ["image", "resources"];

    public static bool IsSignificant(JsonObject pod, JsonObject? oldPod)
    {
        if (oldPod is null)
        {
            return true;
        }

        var spec = JsonNav.Object(pod, "spec");
        var oldSpec = JsonNav.Object(oldPod, "spec");
        return ListChanged(spec, oldSpec, "containers") || ListChanged(spec, oldSpec, "initContainers") || EphemeralChanged(spec, oldSpec);
    }

    private static bool ListChanged(JsonObject? spec, JsonObject? oldSpec, string field)
    {
        var containers = Containers(spec, field);
        var oldContainers = Containers(oldSpec, field);
        return containers.Length != oldContainers.Length
            || containers.Where((container, i) => ContainerChanged(container, oldContainers[i])).Any();
    }

    private static bool EphemeralChanged(JsonObject? spec, JsonObject? oldSpec)
    {
        var old = Containers(oldSpec, "ephemeralContainers");
        return Containers(spec, "ephemeralContainers").Any(container =>
            old.FirstOrDefault(o => JsonNav.String(o, "name") == JsonNav.String(container, "name")) is not { } before
            || ContainerChanged(container, before));
    }

    private static bool ContainerChanged(JsonObject? container, JsonObject? old) =>
        ComparedFields.Any(field => !JsonNode.DeepEquals(container?[field], old?[field]));

    private static JsonObject?[] Containers(JsonObject? spec, string field) =>
        [.. (spec?[field] as JsonArray ?? []).Select(c => c as JsonObject)];
}
