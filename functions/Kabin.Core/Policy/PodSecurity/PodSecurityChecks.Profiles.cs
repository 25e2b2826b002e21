using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>Checks on the Linux security profiles: AppArmor, SELinux and seccomp.</summary>
internal static partial class PodSecurityChecks
{
    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    private static readonly HashSet<string> SeLinuxTypes = new(StringComparer.Ordinal)
    {
        "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
    };

    private static bool IsConfinedProfileType(string? type) => type is "RuntimeDefault" or "Localhost";

    private static void AppArmorProfile(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (JsonNav.Object(pod.SecurityContext, "appArmorProfile") is { } podProfile
            && JsonNav.String(podProfile, "type") is var podType && !IsConfinedProfileType(podType))
        {
            check.Report(sink, pod.PodSecurityContextPath("appArmorProfile.type"),
                $"The pod sets AppArmor profile type '{podType}'. Use RuntimeDefault or Localhost, or remove appArmorProfile.");
        }

        foreach (var container in pod.Containers)
        {
            if (JsonNav.Object(container.SecurityContext, "appArmorProfile") is { } profile
                && JsonNav.String(profile, "type") is var type && !IsConfinedProfileType(type))
            {
                check.Report(sink, container.Path + ".securityContext.appArmorProfile.type",
                    $"Container '{container.Name}' sets AppArmor profile type '{type}'. Use RuntimeDefault or Localhost, or remove appArmorProfile.");
            }
        }

        foreach (var (key, node) in pod.Annotations ?? [])
        {
            if (key.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal)
                && JsonNav.AsString(node) is var value
                && !(value is null or "" or "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal)))
            {
                check.Report(sink, $"{pod.Template.MetadataPath}.annotations[{key}]",
                    $"Annotation {key} sets AppArmor profile '{value}'. Use runtime/default or localhost/<profile>, or remove the annotation.");
            }
        }
    }

    private static void SeLinuxOptions(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        CheckSeLinux(check, sink, JsonNav.Object(pod.SecurityContext, "seLinuxOptions"), pod.PodSecurityContextPath("seLinuxOptions"), "The pod");
        foreach (var container in pod.Containers)
        {
            CheckSeLinux(check, sink, JsonNav.Object(container.SecurityContext, "seLinuxOptions"),
                container.Path + ".securityContext.seLinuxOptions", $"Container '{container.Name}'");
        }
    }

    private static void CheckSeLinux(PodSecurityCheck check, List<PolicyViolation> sink, JsonObject? options, string path, string who)
    {
        if (options is null)
        {
            return;
        }

        var type = JsonNav.String(options, "type") ?? "";
        if (!SeLinuxTypes.Contains(type))
        {
            check.Report(sink, path + ".type",
                $"{who} sets SELinux type '{type}'. Use container_t, container_init_t, container_kvm_t or container_engine_t, or leave it unset.");
        }

        foreach (var field in (ReadOnlySpan<string>)["user", "role"])
        {
            if (JsonNav.String(options, field) is { Length: > 0 })
            {
                check.Report(sink, $"{path}.{field}", $"{who} sets the SELinux {field}. Remove seLinuxOptions.{field}.");
            }
        }
    }

    private static void SeccompProfileBaseline(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink) =>
        CheckSeccomp(pod, check, sink, requireProfile: false);

    private static void SeccompProfileRestricted(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        if (!pod.IsWindows)
        {
            CheckSeccomp(pod, check, sink, requireProfile: true);
        }
    }

    private static void CheckSeccomp(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink, bool requireProfile)
    {
        var podSet = false;
        if (JsonNav.Object(pod.SecurityContext, "seccompProfile") is { } podProfile)
        {
            var type = JsonNav.String(podProfile, "type");
            podSet = IsConfinedProfileType(type);
            if (!podSet)
            {
                check.Report(sink, pod.PodSecurityContextPath("seccompProfile.type"),
                    $"The pod sets seccomp profile type '{type}'. Set securityContext.seccompProfile.type to RuntimeDefault or Localhost.");
            }
        }

        foreach (var container in pod.Containers)
        {
            if (JsonNav.Object(container.SecurityContext, "seccompProfile") is { } profile)
            {
                var type = JsonNav.String(profile, "type");
                if (!IsConfinedProfileType(type))
                {
                    check.Report(sink, container.Path + ".securityContext.seccompProfile.type",
                        $"Container '{container.Name}' sets seccomp profile type '{type}'. Set it to RuntimeDefault or Localhost.");
                }
            }
            else if (requireProfile && !podSet)
            {
                check.Report(sink, container.Path + ".securityContext.seccompProfile",
                    $"Container '{container.Name}' runs without a seccomp profile. Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) on the pod or on every container.");
            }
        }
    }
}
