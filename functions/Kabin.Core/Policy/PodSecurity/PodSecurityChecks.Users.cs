namespace Kabin.Policy;

/// <summary>Checks on the user a pod runs as.</summary>
internal static partial class PodSecurityChecks
{
    private static void RunAsNonRoot(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        // Since v1.35 a pod in a user namespace is not held to runAsNonRoot.
        if (pod.UserNamespace)
        {
            return;
        }

        var podValue = JsonNav.Bool(pod.SecurityContext, "runAsNonRoot");
        if (podValue == false)
        {
            check.Report(sink, pod.PodSecurityContextPath("runAsNonRoot"),
                "The pod sets securityContext.runAsNonRoot=false. Set it to true and run the image as a non-root user.");
        }

        foreach (var container in pod.Containers)
        {
            var value = JsonNav.Bool(container.SecurityContext, "runAsNonRoot");
            if (value == false)
            {
                check.Report(sink, container.Path + ".securityContext.runAsNonRoot",
                    $"Container '{container.Name}' sets securityContext.runAsNonRoot=false. Set it to true.");
            }
            else if (value is null && podValue != true)
            {
                check.Report(sink, container.Path + ".securityContext.runAsNonRoot",
                    $"Container '{container.Name}' may run as root. Set securityContext.runAsNonRoot=true on the pod or on this container.");
            }
        }
    }

    private static void RunAsUser(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (pod.UserNamespace)
        {
            return;
        }

        if (JsonNav.Integer(pod.SecurityContext, "runAsUser") == 0)
        {
            check.Report(sink, pod.PodSecurityContextPath("runAsUser"),
                "The pod sets runAsUser=0 (root). Set a non-zero user id or remove runAsUser.");
        }

        foreach (var container in pod.Containers)
        {
            if (JsonNav.Integer(container.SecurityContext, "runAsUser") == 0)
            {
                check.Report(sink, container.Path + ".securityContext.runAsUser",
                    $"Container '{container.Name}' sets runAsUser=0 (root). Set a non-zero user id or remove runAsUser.");
            }
        }
    }
}
