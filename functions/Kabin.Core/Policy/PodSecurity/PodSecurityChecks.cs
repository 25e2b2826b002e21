using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The Pod Security Standards as Pod Security Admission evaluates them at version latest: the
/// same check ids, the same allowed values, the same overrides at level restricted.
/// </summary>
internal static partial class PodSecurityChecks
{
    public static IReadOnlyList<PodSecurityCheck> All { get; } =
    [
        new("appArmorProfile", PodSecurityLevel.Baseline, null, AppArmorProfile),
        new("capabilities_baseline", PodSecurityLevel.Baseline, null, CapabilitiesBaseline),
        new("hostNamespaces", PodSecurityLevel.Baseline, null, HostNamespaces),
        new("hostPathVolumes", PodSecurityLevel.Baseline, null, HostPathVolumes),
        new("hostPorts", PodSecurityLevel.Baseline, null, HostPorts),
        new("hostProbesAndHostLifecycle", PodSecurityLevel.Baseline, null, HostProbesAndHostLifecycle),
        new("privileged", PodSecurityLevel.Baseline, null, Privileged),
        new("procMount", PodSecurityLevel.Baseline, null, ProcMountBaseline),
        new("seLinuxOptions", PodSecurityLevel.Baseline, null, SeLinuxOptions),
        new("seccompProfile_baseline", PodSecurityLevel.Baseline, null, SeccompProfileBaseline),
        new("sysctls", PodSecurityLevel.Baseline, null, Sysctls),
        new("windowsHostProcess", PodSecurityLevel.Baseline, null, WindowsHostProcess),
        new("allowPrivilegeEscalation", PodSecurityLevel.Restricted, null, AllowPrivilegeEscalation),
        new("capabilities_restricted", PodSecurityLevel.Restricted, "capabilities_baseline", CapabilitiesRestricted),
        new("procMount_restricted", PodSecurityLevel.Restricted, "procMount", ProcMountRestricted),
        new("restrictedVolumes", PodSecurityLevel.Restricted, "hostPathVolumes", RestrictedVolumes),
        new("runAsNonRoot", PodSecurityLevel.Restricted, null, RunAsNonRoot),
        new("runAsUser", PodSecurityLevel.Restricted, null, RunAsUser),
        new("seccompProfile_restricted", PodSecurityLevel.Restricted, "seccompProfile_baseline", SeccompProfileRestricted),
    ];

    private static readonly PodSecurityCheck[] AtRestricted = [.. All.Where(check =>
        check.Level == PodSecurityLevel.Restricted || !All.Any(other => other.Overrides == check.Id))];

    private static readonly PodSecurityCheck[] BaselineOnly = [.. All.Where(check => check.Level == PodSecurityLevel.Baseline)];

    private static readonly PodSecurityCheck[] RestrictedOnly = [.. All.Where(check => check.Level == PodSecurityLevel.Restricted)];

    /// <summary>
    /// Runs the checks of <paramref name="level"/> into <paramref name="violations"/>; at level
    /// baseline the restricted-only checks go into <paramref name="warnings"/> when it is given.
    /// A check that throws becomes a <c>policy/error</c> violation.
    /// </summary>
    public static void Evaluate(PodView pod, PodSecurityLevel level, List<PolicyViolation> violations, List<PolicyViolation>? warnings)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (level == PodSecurityLevel.Restricted)
        {
            RunAll(AtRestricted, pod, violations);
            return;
        }

        RunAll(BaselineOnly, pod, violations);
        if (warnings is not null)
        {
            // Errors in warning-only checks still deny: an unchecked object is never let through.
            var before = warnings.Count;
            RunAll(RestrictedOnly, pod, warnings);
            for (var i = warnings.Count - 1; i >= before; i--)
            {
                if (warnings[i].Rule == PolicyRules.Error)
                {
                    violations.Add(warnings[i]);
                    warnings.RemoveAt(i);
                }
            }
        }
    }

    private static void RunAll(PodSecurityCheck[] checks, PodView pod, List<PolicyViolation> sink)
    {
        foreach (var check in checks)
        {
            // Any failure inside a check denies the object: it is reported, never swallowed.
            try
            {
                check.Run(pod, sink);
            }
            catch (Exception e)
            {
                sink.Add(PolicyErrors.From(check.Rule, pod.SpecPath, e));
            }
        }
    }
}
