using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>Checks on what a pod shares with its node: namespaces, paths, ports, probe hosts, sysctls.</summary>
internal static partial class PodSecurityChecks
{
    private static readonly string[] HostNamespaceFields = ["hostNetwork", "hostPID", "hostIPC"];

    private static readonly string[] ProbeFields = ["livenessProbe", "readinessProbe", "startupProbe"];

    private static readonly string[] LifecycleFields = ["postStart", "preStop"];

    private static readonly string[] HandlerFields = ["httpGet", "tcpSocket"];

    private static readonly HashSet<string> SafeSysctls = new(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem", "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
    };

    private static void HostNamespaces(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var field in HostNamespaceFields)
        {
            if (JsonNav.Bool(pod.Spec, field) == true)
            {
                check.Report(sink, pod.SpecPath + "." + field,
                    $"The pod shares the node's namespace ({field}=true). Remove {field} or set it to false.");
            }
        }
    }

    private static void HostPathVolumes(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        var volumes = JsonNav.Array(pod.Spec, "volumes");
        for (var i = 0; volumes is not null && i < volumes.Count; i++)
        {
            if (volumes[i] is JsonObject volume && JsonNav.Has(volume, "hostPath"))
            {
                check.Report(sink, $"{pod.SpecPath}.volumes[{i}].hostPath",
                    $"Volume '{JsonNav.String(volume, "name")}' mounts a path of the node. Use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.");
            }
        }
    }

    private static void HostPorts(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var container in pod.Containers)
        {
            var ports = JsonNav.Array(container.Container, "ports");
            for (var i = 0; ports is not null && i < ports.Count; i++)
            {
                if (ports[i] is JsonObject port && JsonNav.Integer(port, "hostPort") is { } hostPort && hostPort != 0)
                {
                    check.Report(sink, $"{container.Path}.ports[{i}].hostPort",
                        $"Container '{container.Name}' binds host port {hostPort}. Remove hostPort (or set it to 0) and expose the port through a Service.");
                }
            }
        }
    }

    private static void HostProbesAndHostLifecycle(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var container in pod.Containers)
        {
            foreach (var probe in ProbeFields)
            {
                ReportHosts(check, sink, container, JsonNav.Object(container.Container, probe), probe);
            }

            var lifecycle = JsonNav.Object(container.Container, "lifecycle");
            foreach (var hook in LifecycleFields)
            {
                ReportHosts(check, sink, container, JsonNav.Object(lifecycle, hook), "lifecycle." + hook);
            }
        }
    }

    private static void ReportHosts(PodSecurityCheck check, List<PolicyViolation> sink, PodContainer container, JsonObject? handler, string field)
    {
        foreach (var kind in HandlerFields)
        {
            if (JsonNav.String(JsonNav.Object(handler, kind), "host") is { Length: > 0 } host)
            {
                check.Report(sink, $"{container.Path}.{field}.{kind}.host",
                    $"Container '{container.Name}' points {field} at host '{host}'. Remove the host field so the kubelet probes the pod's own IP.");
            }
        }
    }

    private static void Sysctls(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        var sysctls = JsonNav.Array(pod.SecurityContext, "sysctls");
        for (var i = 0; sysctls is not null && i < sysctls.Count; i++)
        {
            var name = JsonNav.String(sysctls[i] as JsonObject, "name");
            if (name is null || !SafeSysctls.Contains(name))
            {
                check.Report(sink, pod.PodSecurityContextPath($"sysctls[{i}].name"),
                    $"Sysctl '{name}' is not in the safe set. Remove it; allowed are {string.Join(", ", SafeSysctls)}.");
            }
        }
    }
}
