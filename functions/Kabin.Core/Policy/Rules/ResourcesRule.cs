using Kabin.Quantities;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// <c>kata/resources</c>: Kata sizes each VM from the limits, so every container (init containers
/// too) has CPU and memory limits, and the pod's effective total fits the tenant's largest sandbox.
/// </summary>
internal static class ResourcesRule
{
    private static readonly string[] Resources = ["cpu", "memory"];

    public static void Check(PodView pod, TenantRecord tenant, List<PolicyViolation> sink)
    {
        Span<ResourceQuantity> appSum = stackalloc ResourceQuantity[2];
        Span<ResourceQuantity> sidecarSum = stackalloc ResourceQuantity[2];
        Span<ResourceQuantity> initMax = stackalloc ResourceQuantity[2];
        var complete = true;
        foreach (var container in pod.Containers)
        {
            // Ephemeral containers cannot set resources; they share the pod's.
            if (container.IsEphemeral)
            {
                continue;
            }

            var limits = JsonNav.Object(JsonNav.Object(container.Container, "resources"), "limits");
            var isInit = container.Path.AsSpan(pod.SpecPath.Length).StartsWith(".initContainers[", StringComparison.Ordinal);
            var isSidecar = isInit && JsonNav.String(container.Container, "restartPolicy") == "Always";
            for (var r = 0; r < Resources.Length; r++)
            {
                if (!TryReadLimit(container, limits, Resources[r], sink, out var limit))
                {
                    complete = false;
                    continue;
                }

                // Effective pod resources as the scheduler computes them, sidecars included.
                if (!isInit)
                {
                    appSum[r] += limit;
                }
                else if (isSidecar)
                {
                    sidecarSum[r] += limit;
                    initMax[r] = Max(initMax[r], sidecarSum[r]);
                }
                else
                {
                    initMax[r] = Max(initMax[r], limit + sidecarSum[r]);
                }
            }
        }

        if (!complete)
        {
            return;
        }

        ReportTotal(pod, tenant, sink, "cpu", Max(appSum[0] + sidecarSum[0], initMax[0]), tenant.Sandboxes.MaxCpu, static q => q.ToCpuString());
        ReportTotal(pod, tenant, sink, "memory", Max(appSum[1] + sidecarSum[1], initMax[1]), tenant.Sandboxes.MaxMemory, static q => q.ToMemoryString());
    }

    private static bool TryReadLimit(PodContainer container, System.Text.Json.Nodes.JsonObject? limits, string resource, List<PolicyViolation> sink, out ResourceQuantity limit)
    {
        limit = ResourceQuantity.Zero;
        var node = limits is not null && limits.TryGetPropertyValue(resource, out var value) ? value : null;
        var text = node is null ? null : JsonNav.AsString(node) ?? node.ToJsonString();
        if (text is null)
        {
            sink.Add(new PolicyViolation(PolicyRules.Resources, PathOf(container, resource),
                $"Container '{container.Name}' has no {resource} limit; Kata sizes the VM from the limits. Set resources.limits.{resource}."));
            return false;
        }

        if (!ResourceQuantity.TryParse(text, out limit))
        {
            sink.Add(new PolicyViolation(PolicyRules.Resources, PathOf(container, resource),
                $"Container '{container.Name}' has {resource} limit '{text}', which is not a Kubernetes quantity. Use a value such as 500m, 2, 512Mi or 4Gi."));
            return false;
        }

        return true;
    }

    private static void ReportTotal(
        PodView pod, TenantRecord tenant, List<PolicyViolation> sink, string resource, ResourceQuantity total, string maximum,
        Func<ResourceQuantity, string> format)
    {
        var largest = ResourceQuantity.Parse(maximum);
        if (total > largest)
        {
            sink.Add(new PolicyViolation(PolicyRules.Resources, $"{pod.SpecPath}.containers[*].resources.limits.{resource}",
                $"The pod's {resource} limits add up to {format(total)}, more than tenant '{tenant.Name}''s largest sandbox ({maximum}). " +
                $"Lower the containers' {resource} limits to {maximum} in total."));
        }
    }

    private static string PathOf(PodContainer container, string resource) => $"{container.Path}.resources.limits.{resource}";

    private static ResourceQuantity Max(ResourceQuantity left, ResourceQuantity right) => left > right ? left : right;
}
