using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Sandboxes.AgentSandbox;

namespace Kabin.Sandboxes;

/// <summary>
/// What one ApiServerSource event says about the object that runs a sandbox: its pod, or with the
/// agent-sandbox backend its SandboxClaim or Sandbox. <see cref="ObjectName"/> is that object's
/// name; <see cref="BoundPod"/> the pod a claim was bound to, once its status names it.
/// </summary>
internal sealed record SandboxPodObservation(
    string Tenant,
    string Name,
    string Namespace,
    string Kind,
    string ObjectName,
    SandboxTrigger Trigger,
    string? Phase,
    int? ExitCode,
    string? Reason,
    long? ResourceVersion,
    string? BoundPod = null)
{
    /// <summary>The labels name a sandbox on a kind that runs one, or null: any other object is not a sandbox's.</summary>
    public static (string Tenant, string Name)? SandboxOf(JsonObject body)
    {
        // A metadata that is not an object (ApiServerSource never sends one, a hostile sender may) names no sandbox.
        var labels = Metadata(body)?["labels"] as JsonObject;
        var kind = Text(body["kind"]);
        return (kind == "Pod" && Text(body["apiVersion"]) is null or "v1" || AgentSandboxKinds.IsFollowed(Text(body["apiVersion"]), kind))
            && Text(labels?[SandboxLabels.Tenant]) is { Length: > 0 } tenant
            && Text(labels?[SandboxLabels.Sandbox]) is { Length: > 0 } name
                ? (tenant, name)
                : null;
    }

    /// <summary>Reads the event; null when it carries no step of the lifecycle (phase Unknown, say).</summary>
    public static SandboxPodObservation? Read(JsonObject body, bool deleted)
    {
        if (SandboxOf(body) is not { } sandbox
            || Text(Metadata(body)?["namespace"]) is not { } ns || Text(Metadata(body)?["name"]) is not { } objectName)
        {
            return null;
        }

        var resourceVersion = long.TryParse(Text(Metadata(body)?["resourceVersion"]), NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : (long?)null;
        var kind = Text(body["kind"])!;
        var status = body["status"] as JsonObject;
        if (kind != "Pod")
        {
            return FromConditions(sandbox, ns, kind, objectName, status, deleted, resourceVersion);
        }

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
        return new SandboxPodObservation(
            sandbox.Tenant, sandbox.Name, ns, kind, objectName, trigger.Value, phase, exitCode, reason, resourceVersion);
    }

    /// <summary>
    /// A SandboxClaim or Sandbox by its conditions (the claim mirrors its Sandbox's): Finished ends
    /// it by the pod's outcome, Ready is Running, anything else is still Pending. A claim names the
    /// pod it got in <c>status.sandbox.name</c> (agent-sandbox names a Sandbox's pod after it);
    /// agent-sandbox reports no exit code.
    /// </summary>
    private static SandboxPodObservation FromConditions(
        (string Tenant, string Name) sandbox, string ns, string kind, string objectName, JsonObject? status, bool deleted, long? resourceVersion)
    {
        var conditions = (status?["conditions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        JsonObject? Condition(string type) => conditions.FirstOrDefault(c => Text(c["type"]) == type);
        var finished = Condition("Finished") is { } f && Text(f["status"]) == "True" ? f : null;
        var ready = Condition("Ready");
        var (trigger, phase, reason) = deleted
            ? (SandboxTrigger.PodDeleted, (string?)null, (string?)null)
            : finished is not null
                ? Text(finished["reason"]) == "PodSucceeded"
                    ? (SandboxTrigger.PodSucceeded, "Succeeded", Text(finished["reason"]))
                    : (SandboxTrigger.PodFailed, "Failed", Text(finished["reason"]))
                : ready is not null && Text(ready["status"]) == "True"
                    ? (SandboxTrigger.PodRunning, "Running", (string?)null)
                    : (SandboxTrigger.PodPending, "Pending", Text(ready?["reason"]));
        var bound = kind == AgentSandboxKinds.SandboxClaim ? Text(status?["sandbox"]?["name"]) : objectName;
        return new SandboxPodObservation(
            sandbox.Tenant, sandbox.Name, ns, kind, objectName, trigger, phase, null, reason, resourceVersion, bound is { Length: > 0 } ? bound : null);
    }

    public string Describe()
    {
        var what = Kind == "Pod" ? "pod" : Kind;
        return Trigger == SandboxTrigger.PodDeleted
            ? $"{what} deleted"
            : ExitCode is { } code
                ? $"{what} phase {Phase}, exit code {code.ToString(CultureInfo.InvariantCulture)}{(Reason is null ? "" : $" ({Reason})")}"
                : $"{what} phase {Phase}{(Reason is null ? "" : $" ({Reason})")}";
    }

    private static JsonObject? Metadata(JsonObject body) => body["metadata"] as JsonObject;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
