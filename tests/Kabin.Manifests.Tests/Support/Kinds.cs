namespace Kabin.Manifests.Tests.Support;

/// <summary>The kinds behind the plural resource names the webhook rules use.</summary>
public static class Kinds
{
    private static readonly Dictionary<string, string> s_byResource = new(StringComparer.Ordinal)
    {
        ["pods"] = "Pod",
        ["replicationcontrollers"] = "ReplicationController",
        ["deployments"] = "Deployment",
        ["statefulsets"] = "StatefulSet",
        ["daemonsets"] = "DaemonSet",
        ["replicasets"] = "ReplicaSet",
        ["jobs"] = "Job",
        ["cronjobs"] = "CronJob",
        ["services"] = "Service",
        ["sandboxes"] = "Sandbox",
        ["sandboxtemplates"] = "SandboxTemplate",
    };

    public static string FromResource(string resource) =>
        s_byResource.TryGetValue(resource, out var kind) ? kind : $"(unknown resource {resource})";
}
