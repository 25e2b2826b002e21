using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.Sandboxes;

/// <summary>What one ApiServerSource pod event says about a sandbox's pod.</summary>
internal sealed record SandboxPodObservation(
    string Tenant,
    string Name,
    string Namespace,
    string PodName,
    SandboxTrigger Trigger,
    string? Phase,
    int? ExitCode,
    string? Reason,
    long? ResourceVersion)
{
    /// <summary>The labels name a sandbox, or null: a pod without them is not a sandbox's.</summary>
    public static (string Tenant, string Name)? SandboxOf(JsonObject pod)
    {
        var labels = pod["metadata"]?["labels"] as JsonObject;
        return pod["kind"] is JsonValue kind && kind.GetValueKind() == JsonValueKind.String && kind.GetValue<string>() == "Pod"
            && Text(labels?[SandboxLabels.Tenant]) is { Length: > 0 } tenant
            && Text(labels?[SandboxLabels.Sandbox]) is { Length: > 0 } name
                ? (tenant, name)
                : null;
    }

    /// <summary>Reads the event; null when it carries no step of the lifecycle (phase Unknown, say).</summary>
    public static SandboxPodObservation? Read(JsonObject pod, bool deleted)
    {
        if (SandboxOf(pod) is not { } sandbox
            || Text(pod["metadata"]?["namespace"]) is not { } ns || Text(pod["metadata"]?["name"]) is not { } podName)
        {
            return null;
        }

        var status = pod["status"] as JsonObject;
        var phase = Text(status?["phase"]);
        SandboxTrigger? trigger = deleted ? SandboxTrigger.PodDeleted : phase switch
        {
            "Pending" => SandboxTrigger.PodPending,
            "Running" => SandboxTrigger.PodRunning,
            "Succeeded" => SandboxTrigger.PodSucceeded,
            "Failed" => SandboxTrigger.PodFailed,
            _ => null,
        };
        if (trigger is null)
        {
            return null;
        }

        var terminated = (status?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
            .Select(container => container["state"]?["terminated"] as JsonObject)
            .FirstOrDefault(state => state is not null);
        var exitCode = terminated?["exitCode"] is JsonValue code && code.TryGetValue<int>(out var value) ? value : (int?)null;
        var reason = Text(terminated?["reason"]) ?? Text(status?["reason"]);
        var resourceVersion = long.TryParse(Text(pod["metadata"]?["resourceVersion"]), NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : (long?)null;
        return new SandboxPodObservation(
            sandbox.Tenant, sandbox.Name, ns, podName, trigger.Value, phase, exitCode, reason, resourceVersion);
    }

    public string Describe() => Trigger == SandboxTrigger.PodDeleted
        ? "pod deleted"
        : ExitCode is { } code
            ? $"pod phase {Phase}, exit code {code.ToString(CultureInfo.InvariantCulture)}{(Reason is null ? "" : $" ({Reason})")}"
            : $"pod phase {Phase}{(Reason is null ? "" : $" ({Reason})")}";

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
