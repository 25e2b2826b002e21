using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary><c>vm-isolation/runtime-class</c>: the pod names one of the tenant's VM runtime classes; empty is a denial.</summary>
internal static class RuntimeClassRule
{
    public static void Check(PodView pod, TenantRecord tenant, List<PolicyViolation> sink)
    {
        var runtimeClass = JsonNav.String(pod.Spec, "runtimeClassName");
        if (string.IsNullOrEmpty(runtimeClass))
        {
            sink.Add(new PolicyViolation(PolicyRules.RuntimeClass, pod.SpecPath + ".runtimeClassName",
                $"No runtime class is set, so the pod would run in a plain container instead of a VM sandbox. " +
                $"Set runtimeClassName to one of {string.Join(", ", tenant.RuntimeClasses)} (the mutating webhook sets '{tenant.DefaultRuntimeClass}')."));
            return;
        }

        foreach (var allowed in tenant.RuntimeClasses)
        {
            if (string.Equals(allowed, runtimeClass, StringComparison.Ordinal))
            {
                return;
            }
        }

        sink.Add(new PolicyViolation(PolicyRules.RuntimeClass, pod.SpecPath + ".runtimeClassName",
            $"Runtime class '{runtimeClass}' is not one of tenant '{tenant.Name}''s VM runtime classes. Set runtimeClassName to one of {string.Join(", ", tenant.RuntimeClasses)}."));
    }
}
