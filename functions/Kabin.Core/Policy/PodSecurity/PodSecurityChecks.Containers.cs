namespace Kabin.Policy;

/// <summary>Checks on each container's security context.</summary>
internal static partial class PodSecurityChecks
{
    private static readonly HashSet<string> BaselineCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static void Privileged(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var container in pod.Containers)
        {
            if (JsonNav.Bool(container.SecurityContext, "privileged") == true)
            {
                check.Report(sink, container.Path + ".securityContext.privileged",
                    $"Container '{container.Name}' is privileged. Remove securityContext.privileged or set it to false.");
            }
        }
    }

    private static void CapabilitiesBaseline(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var container in pod.Containers)
        {
            var add = JsonNav.Array(JsonNav.Object(container.SecurityContext, "capabilities"), "add");
            for (var i = 0; add is not null && i < add.Count; i++)
            {
                var capability = JsonNav.AsString(add[i]);
                if (capability is null || !BaselineCapabilities.Contains(capability))
                {
                    check.Report(sink, $"{container.Path}.securityContext.capabilities.add[{i}]",
                        $"Container '{container.Name}' adds capability '{capability}', which the baseline level forbids. " +
                        "Remove it; only the container runtime's default capabilities may be added.");
                }
            }
        }
    }

    private static void CapabilitiesRestricted(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (pod.IsWindows)
        {
            return;
        }

        foreach (var container in pod.Containers)
        {
            var capabilities = JsonNav.Object(container.SecurityContext, "capabilities");
            var drop = JsonNav.Array(capabilities, "drop");
            var dropsAll = false;
            for (var i = 0; drop is not null && i < drop.Count && !dropsAll; i++)
            {
                dropsAll = JsonNav.AsString(drop[i]) == "ALL";
            }

            if (!dropsAll)
            {
                check.Report(sink, container.Path + ".securityContext.capabilities.drop",
                    $"Container '{container.Name}' does not drop all capabilities. Set securityContext.capabilities.drop to [\"ALL\"].");
            }

            var add = JsonNav.Array(capabilities, "add");
            for (var i = 0; add is not null && i < add.Count; i++)
            {
                var capability = JsonNav.AsString(add[i]);
                if (capability != "NET_BIND_SERVICE")
                {
                    check.Report(sink, $"{container.Path}.securityContext.capabilities.add[{i}]",
                        $"Container '{container.Name}' adds capability '{capability}'. At the restricted level only NET_BIND_SERVICE may be added; remove it.");
                }
            }
        }
    }

    private static void AllowPrivilegeEscalation(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (pod.IsWindows)
        {
            return;
        }

        foreach (var container in pod.Containers)
        {
            if (JsonNav.Bool(container.SecurityContext, "allowPrivilegeEscalation") != false)
            {
                check.Report(sink, container.Path + ".securityContext.allowPrivilegeEscalation",
                    $"Container '{container.Name}' may escalate privileges. Set securityContext.allowPrivilegeEscalation to false.");
            }
        }
    }

    private static void ProcMountBaseline(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        // Since v1.35 an unmasked /proc is allowed at baseline for pods in a user namespace.
        if (!pod.UserNamespace)
        {
            ProcMountRestricted(pod, check, sink);
        }
    }

    private static void ProcMountRestricted(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        foreach (var container in pod.Containers)
        {
            var procMount = JsonNav.String(container.SecurityContext, "procMount");
            if (procMount is not null && procMount != "Default")
            {
                check.Report(sink, container.Path + ".securityContext.procMount",
                    $"Container '{container.Name}' sets procMount '{procMount}'. Remove securityContext.procMount or set it to Default.");
            }
        }
    }

    private static void WindowsHostProcess(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (JsonNav.Bool(JsonNav.Object(pod.SecurityContext, "windowsOptions"), "hostProcess") == true)
        {
            check.Report(sink, pod.PodSecurityContextPath("windowsOptions.hostProcess"),
                "The pod runs as a Windows HostProcess. Remove securityContext.windowsOptions.hostProcess or set it to false.");
        }

        foreach (var container in pod.Containers)
        {
            if (JsonNav.Bool(JsonNav.Object(container.SecurityContext, "windowsOptions"), "hostProcess") == true)
            {
                check.Report(sink, container.Path + ".securityContext.windowsOptions.hostProcess",
                    $"Container '{container.Name}' runs as a Windows HostProcess. Remove securityContext.windowsOptions.hostProcess or set it to false.");
            }
        }
    }
}
