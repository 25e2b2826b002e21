using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>Finds the pod spec of a Pod or of any workload kind that carries a pod template.</summary>
public static class PodTemplateLocator
{
    private const string KnativeServingGroup = "serving.knative.dev/";
    private const string AgentSandboxGroup = "agents.x-k8s.io/";
    private const string AgentSandboxExtensionsGroup = "extensions.agents.x-k8s.io/";

    /// <summary>The kinds the policy function understands, for messages.</summary>
    public const string SupportedKinds =
        "Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Knative Service (serving.knative.dev/v1) "
        + "and agent-sandbox's Sandbox (agents.x-k8s.io/v1beta1) and SandboxTemplate (extensions.agents.x-k8s.io/v1beta1)";

    /// <summary>Whether <paramref name="kind"/> of <paramref name="apiVersion"/> has a pod template Kabin checks (see <see cref="SupportedKinds"/>).</summary>
    public static bool IsChecked(string? apiVersion, string kind) => kind switch
    {
        "Pod" or "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" or "CronJob" => true,
        "Service" => (apiVersion ?? "").StartsWith(KnativeServingGroup, StringComparison.Ordinal),
        "Sandbox" => (apiVersion ?? "").StartsWith(AgentSandboxGroup, StringComparison.Ordinal),
        "SandboxTemplate" => (apiVersion ?? "").StartsWith(AgentSandboxExtensionsGroup, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Locates the pod template; throws <see cref="InvalidEventDataException"/> when there is none.</summary>
    public static PodTemplate Locate(JsonNode? workload)
    {
        if (workload is not JsonObject root)
        {
            throw InvalidEventDataException.ForField("object", "must be a Kubernetes object (a JSON object with apiVersion, kind, metadata and spec).");
        }

        var kind = JsonNav.String(root, "kind");
        var apiVersion = JsonNav.String(root, "apiVersion") ?? "";
        return kind switch
        {
            "Pod" => FromPod(root),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" =>
                FromTemplate(root, kind, JsonNav.Object(root, "spec"), "spec"),
            "CronJob" => FromTemplate(
                root, kind, JsonNav.Object(JsonNav.Object(JsonNav.Object(root, "spec"), "jobTemplate"), "spec"), "spec.jobTemplate.spec"),
            "Service" when apiVersion.StartsWith(KnativeServingGroup, StringComparison.Ordinal) =>
                FromTemplate(root, "Service", JsonNav.Object(root, "spec"), "spec"),
            // agent-sandbox's pod template is spec.podTemplate: { metadata, spec }.
            "Sandbox" when apiVersion.StartsWith(AgentSandboxGroup, StringComparison.Ordinal) =>
                FromTemplate(root, kind, JsonNav.Object(root, "spec"), "spec", "podTemplate"),
            "SandboxTemplate" when apiVersion.StartsWith(AgentSandboxExtensionsGroup, StringComparison.Ordinal) =>
                FromTemplate(root, kind, JsonNav.Object(root, "spec"), "spec", "podTemplate"),
            _ => throw InvalidEventDataException.ForField(
                "kind",
                $"'{kind ?? "(none)"}' (apiVersion '{apiVersion}') is not a workload Kabin checks. Send one of {SupportedKinds}."),
        };
    }

    private static PodTemplate FromPod(JsonObject root)
    {
        var spec = JsonNav.Object(root, "spec")
            ?? throw InvalidEventDataException.ForField("spec", "a Pod needs a spec object with its containers.");
        return new PodTemplate("Pod", spec, JsonNav.Object(root, "metadata"), "spec", "/spec", "metadata");
    }

    private static PodTemplate FromTemplate(JsonObject root, string kind, JsonObject? owner, string ownerPath, string field = "template")
    {
        var template = JsonNav.Object(owner, field);
        var at = $"{ownerPath}.{field}";
        var spec = JsonNav.Object(template, "spec")
            ?? throw InvalidEventDataException.ForField(
                at + ".spec", $"a {kind} needs a pod template with a spec; add {at}.spec.containers.");
        var pointer = "/" + at.Replace('.', '/') + "/spec";
        return new PodTemplate(kind, spec, JsonNav.Object(template, "metadata"), at + ".spec", pointer, at + ".metadata");
    }
}
